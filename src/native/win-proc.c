/*
 * The Windows process table as psv needs it, read in one pass: a Toolhelp
 * snapshot gives pid, parent and image name; each process is then opened for
 * its start time (GetProcessTimes), its command line (the kernel's copy,
 * ProcessCommandLineInformation, else the one in its PEB) and its owner
 * (the token's user, by name). A process that cannot be opened is still
 * listed, with what the snapshot gave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>
#include <tlhelp32.h>

#include "win-proc.h"

/* Not named in mingw's headers: the PROCESSINFOCLASS that returns the command line (Windows 8.1 and later). */
#define PROCESS_COMMAND_LINE_INFORMATION 60

/* Makes room for `n` more bytes (and a terminating NUL). */
static void buf_reserve(struct buf *b, size_t n) {
  if (b->len + n + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (b->len + n + 1 > cap) cap *= 2;
  char *d = realloc(b->data, cap);
  if (!d) {
    fputs("psv-win: out of memory\n", stderr);
    ExitProcess(1);
  }
  b->data = d;
  b->cap = cap;
}

void buf_add(struct buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void buf_str(struct buf *b, const char *s) {
  buf_add(b, s, strlen(s));
}

void buf_u64(struct buf *b, unsigned long long v) {
  char s[24];
  snprintf(s, sizeof s, "%llu", v);
  buf_str(b, s);
}

/*
 * Appends UTF-16 text as UTF-8. Line breaks (and tabs, unless `keep_tabs`)
 * become spaces: they would split a row or its fields.
 */
static void buf_wide(struct buf *b, const WCHAR *w, int wlen, int keep_tabs) {
  if (wlen <= 0) return;
  int n = WideCharToMultiByte(CP_UTF8, 0, w, wlen, NULL, 0, NULL, NULL);
  if (n <= 0) return;
  buf_reserve(b, (size_t)n);
  char *at = b->data + b->len;
  WideCharToMultiByte(CP_UTF8, 0, w, wlen, at, n, NULL, NULL);
  for (int i = 0; i < n; i++) {
    if (at[i] == '\r' || at[i] == '\n' || (at[i] == '\t' && !keep_tabs) || at[i] == 0) at[i] = ' ';
  }
  b->len += (size_t)n;
  b->data[b->len] = 0;
}

unsigned long long proc_start_time(HANDLE h) {
  FILETIME created, exited, kernel, user;
  if (!GetProcessTimes(h, &created, &exited, &kernel, &user)) return 0;
  return ((unsigned long long)created.dwHighDateTime << 32) | created.dwLowDateTime;
}

int proc_running(HANDLE h) {
  DWORD r = WaitForSingleObject(h, 0), code;
  if (r == WAIT_TIMEOUT) return 1;
  if (r == WAIT_OBJECT_0) return 0;
  /* Opened without SYNCHRONIZE: the exit code tells (a process object outlives its process while handles are open). */
  return GetExitCodeProcess(h, &code) && code == STILL_ACTIVE;
}

void proc_token(DWORD pid, char out[32]) {
  HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, pid);
  if (!h) h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!h) {
    /* ERROR_INVALID_PARAMETER: no such pid. Anything else (access denied): it runs, unreadable. */
    strcpy(out, GetLastError() == ERROR_INVALID_PARAMETER ? "-" : "?");
    return;
  }
  unsigned long long t = proc_start_time(h);
  if (!proc_running(h)) strcpy(out, "-");
  else if (t == 0) strcpy(out, "?");
  else snprintf(out, 32, "%llu", t);
  CloseHandle(h);
}

/* The command line from the kernel's copy (needs only limited query rights). */
static int command_line_info(HANDLE h, struct buf *b) {
  ULONG need = 0;
  NTSTATUS st = NtQueryInformationProcess(h, (PROCESSINFOCLASS)PROCESS_COMMAND_LINE_INFORMATION, NULL, 0, &need);
  if (need == 0 || need > (1u << 20)) return st == 0;
  UNICODE_STRING *u = malloc(need);
  if (!u) return 0;
  int ok = NtQueryInformationProcess(h, (PROCESSINFOCLASS)PROCESS_COMMAND_LINE_INFORMATION, u, need, &need) == 0;
  if (ok) buf_wide(b, u->Buffer, u->Length / 2, 1);
  free(u);
  return ok;
}

/* The command line from the process's own memory (its PEB): needs query and read rights. */
static int command_line_peb(HANDLE h, struct buf *b) {
  PROCESS_BASIC_INFORMATION pbi;
  ULONG got;
  if (NtQueryInformationProcess(h, ProcessBasicInformation, &pbi, sizeof pbi, &got) != 0 || !pbi.PebBaseAddress) return 0;
  PEB peb;
  RTL_USER_PROCESS_PARAMETERS params;
  SIZE_T n;
  if (!ReadProcessMemory(h, pbi.PebBaseAddress, &peb, sizeof peb, &n) || !peb.ProcessParameters) return 0;
  if (!ReadProcessMemory(h, peb.ProcessParameters, &params, sizeof params, &n)) return 0;
  USHORT len = params.CommandLine.Length;
  if (len == 0) return 1;
  WCHAR *w = malloc(len);
  if (!w) return 0;
  int ok = ReadProcessMemory(h, params.CommandLine.Buffer, w, len, &n) != 0;
  if (ok) buf_wide(b, w, (int)(n / 2), 1);
  free(w);
  return ok;
}

/* Account names by SID, looked up once: LookupAccountSid may ask a domain controller. */
struct owner {
  BYTE sid[SECURITY_MAX_SID_SIZE];
  char name[512];
};
static struct owner owners[64];
static int n_owners;

static void owner_name(HANDLE h, struct buf *b) {
  HANDLE token;
  if (!OpenProcessToken(h, TOKEN_QUERY, &token)) return;
  union {
    TOKEN_USER user;
    BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
  } info;
  DWORD got;
  int ok = GetTokenInformation(token, TokenUser, &info, sizeof info, &got);
  CloseHandle(token);
  if (!ok || !IsValidSid(info.user.User.Sid)) return;
  PSID sid = info.user.User.Sid;
  for (int i = 0; i < n_owners; i++) {
    if (EqualSid(sid, owners[i].sid)) {
      buf_str(b, owners[i].name);
      return;
    }
  }
  WCHAR name[256], domain[256];
  DWORD nlen = 256, dlen = 256;
  SID_NAME_USE use;
  if (!LookupAccountSidW(NULL, sid, name, &nlen, domain, &dlen, &use)) return;
  struct buf s = {0};
  if (dlen > 0) {
    buf_wide(&s, domain, (int)dlen, 0);
    buf_str(&s, "\\");
  }
  buf_wide(&s, name, (int)nlen, 0);
  if (s.data) {
    if (n_owners < 64 && s.len < sizeof owners[0].name) {
      CopySid(SECURITY_MAX_SID_SIZE, owners[n_owners].sid, sid);
      strcpy(owners[n_owners].name, s.data);
      n_owners++;
    }
    buf_str(b, s.data);
    free(s.data);
  }
}

static void row(struct buf *b, const char *id, const PROCESSENTRY32W *e) {
  buf_str(b, "R\t");
  buf_str(b, id);
  buf_str(b, "\t");
  buf_u64(b, e->th32ProcessID);
  buf_str(b, "\t");
  buf_u64(b, e->th32ParentProcessID);
  buf_str(b, "\t");
  HANDLE h = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, e->th32ProcessID);
  int full = h != NULL;
  if (!h) h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, e->th32ProcessID);
  buf_u64(b, h ? proc_start_time(h) : 0);
  buf_str(b, "\t");
  buf_wide(b, e->szExeFile, (int)wcslen(e->szExeFile), 0);
  buf_str(b, "\t");
  if (h) {
    owner_name(h, b);
    buf_str(b, "\t");
    if (!command_line_info(h, b) && full) command_line_peb(h, b);
    CloseHandle(h);
  } else {
    buf_str(b, "\t");
  }
  buf_str(b, "\n");
}

void proc_table(struct buf *b, const char *id, DWORD only_pid) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snap == INVALID_HANDLE_VALUE) return;
  PROCESSENTRY32W e;
  e.dwSize = sizeof e;
  for (BOOL more = Process32FirstW(snap, &e); more; more = Process32NextW(snap, &e)) {
    /* pid 0 is the idle process, not one a target can be. */
    if (e.th32ProcessID == 0 || (only_pid && e.th32ProcessID != only_pid)) continue;
    row(b, id, &e);
  }
  CloseHandle(snap);
}
