/*
 * Each target in its own named Job Object. The job is what "the target's
 * tree" means on Windows: whatever the target starts is in it, also after
 * the target itself died (taskkill /T walks parent pids, and the children of
 * a dead leader have none it knows), so ending the job ends everything the
 * target left behind. The job is created without KILL_ON_JOB_CLOSE: a dying
 * monitor (and its helper, which holds the handles) leaves the targets
 * running. A handle to the job is also given to the target itself, so the
 * job's name lives as long as the target does and a restarted monitor opens
 * it again by name (a named object loses its name with its last handle).
 *
 * Pipe questions (the job's name is one word: "psv-job-" and the target id,
 * encoded by src/platform/windows-jobs.ts):
 *   J <job> <pid>  put pid in the job (created when missing): "ok" | "e<error>"
 *   J <job>        the processes in the job: "<pid>,<ppid>,<start> ..." (space
 *                  separated; empty when none), "-" when no such job
 *   K <job>        end every process in the job, and wait (2 s at most) until
 *                  none is left: "ok" | "-" (no such job) | "e<error>"
 *   K <job> <pid>  ask the target politely: CTRL_BREAK_EVENT to the process
 *                  group <pid> (the target's own, see spawn-detached.ts):
 *                  "break"; when it cannot be sent, the job is ended instead:
 *                  "killed" (as K <job>), "-" when no such job
 */
#include "win-job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include <tlhelp32.h>

#include "win-proc.h"

/* The jobs this helper opened, by name: kept open so a job outlives its processes while the monitor runs. */
struct job {
  char name[200];
  HANDLE h;
  struct job *next;
};
static struct job *jobs;

static int valid_name(const char *name) {
  size_t n = strlen(name);
  if (n < 9 || n >= 190 || strncmp(name, "psv-job-", 8) != 0) return 0;
  for (const char *s = name; *s; s++)
    if (!(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9') && !strchr("._-", *s)) return 0;
  return 1;
}

/* The job named `name`: one this helper holds, else opened by name, else (when `create`) created. */
static HANDLE job_handle(const char *name, int create) {
  for (struct job *j = jobs; j; j = j->next)
    if (strcmp(j->name, name) == 0) return j->h;
  WCHAR wname[256];
  swprintf(wname, 256, L"Local\\%hs", name);
  HANDLE h = OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, wname);
  if (!h && create) {
    h = CreateJobObjectW(NULL, wname);
    if (h) {
      /* Whatever the target starts stays in its job; no KILL_ON_JOB_CLOSE (targets outlive the monitor). */
      JOBOBJECT_EXTENDED_LIMIT_INFORMATION lim;
      memset(&lim, 0, sizeof lim);
      SetInformationJobObject(h, JobObjectExtendedLimitInformation, &lim, sizeof lim);
    }
  }
  if (!h) return NULL;
  struct job *j = calloc(1, sizeof *j);
  if (!j) ExitProcess(1);
  snprintf(j->name, sizeof j->name, "%s", name);
  j->h = h;
  j->next = jobs;
  jobs = j;
  return h;
}

static void assign(const char *name, DWORD pid, char *reply, size_t cap) {
  HANDLE job = job_handle(name, 1);
  if (!job) {
    snprintf(reply, cap, "e%lu", GetLastError());
    return;
  }
  HANDLE p = OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE | PROCESS_DUP_HANDLE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!p) {
    snprintf(reply, cap, "e%lu", GetLastError());
    return;
  }
  if (!AssignProcessToJobObject(job, p)) {
    snprintf(reply, cap, "e%lu", GetLastError());
  } else {
    /* The target holds its job's name alive when the monitor and this helper are gone. */
    HANDLE theirs;
    DuplicateHandle(GetCurrentProcess(), job, p, &theirs, JOB_OBJECT_QUERY, FALSE, 0);
    snprintf(reply, cap, "ok");
  }
  CloseHandle(p);
}

/* The pids in `job` (at most `max`); returns how many, -1 when unreadable. */
static int members(HANDLE job, ULONG_PTR *pids, int max) {
  size_t size = sizeof(JOBOBJECT_BASIC_PROCESS_ID_LIST) + (size_t)max * sizeof(ULONG_PTR);
  JOBOBJECT_BASIC_PROCESS_ID_LIST *list = calloc(1, size);
  if (!list) ExitProcess(1);
  int n = -1;
  if (QueryInformationJobObject(job, JobObjectBasicProcessIdList, list, (DWORD)size, NULL) || GetLastError() == ERROR_MORE_DATA) {
    n = (int)list->NumberOfProcessIdsInList;
    memcpy(pids, list->ProcessIdList, (size_t)n * sizeof(ULONG_PTR));
  }
  free(list);
  return n;
}

/* The parent pid of `pid` from a snapshot taken by the caller, 0 when not found. */
static DWORD parent_of(HANDLE snap, DWORD pid) {
  PROCESSENTRY32W e;
  e.dwSize = sizeof e;
  for (BOOL ok = Process32FirstW(snap, &e); ok; ok = Process32NextW(snap, &e))
    if (e.th32ProcessID == pid) return e.th32ParentProcessID;
  return 0;
}

static void list(const char *name, char *reply, size_t cap) {
  HANDLE job = job_handle(name, 0);
  if (!job) {
    snprintf(reply, cap, "-");
    return;
  }
  ULONG_PTR pids[64];
  int n = members(job, pids, 64);
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  size_t len = 0;
  reply[0] = 0;
  for (int i = 0; i < n && len + 64 < cap; i++) {
    char token[32];
    proc_token((DWORD)pids[i], token);
    if (strcmp(token, "-") == 0) continue;
    DWORD ppid = snap == INVALID_HANDLE_VALUE ? 0 : parent_of(snap, (DWORD)pids[i]);
    len += (size_t)snprintf(reply + len, cap - len, "%s%lu,%lu,%s", len ? " " : "", (unsigned long)pids[i], (unsigned long)ppid, token);
  }
  if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
}

static void end_job(const char *name, char *reply, size_t cap) {
  HANDLE job = job_handle(name, 0);
  if (!job) {
    snprintf(reply, cap, "-");
    return;
  }
  if (!TerminateJobObject(job, 1)) {
    snprintf(reply, cap, "e%lu", GetLastError());
    return;
  }
  /* Termination is under way when the call returns: wait until it is done, so a restart never meets the old tree. */
  for (int i = 0; i < 200; i++) {
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acc;
    if (!QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acc, sizeof acc, NULL) || acc.ActiveProcesses == 0) break;
    Sleep(10);
  }
  snprintf(reply, cap, "ok");
}

/* CTRL_BREAK_EVENT to group `pid`; reaches it only when this helper can share the target's console. */
static int ctrl_break(DWORD pid) {
  FreeConsole();
  if (!AttachConsole(pid)) return 0;
  SetConsoleCtrlHandler(NULL, TRUE); /* the event must not end this helper too */
  BOOL sent = GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, pid);
  FreeConsole();
  return sent != 0;
}

void job_answer(char *line, char *reply, size_t cap) {
  char *f[3] = {0};
  int n = 0;
  for (char *s = strtok(line, " \r"); s && n < 3; s = strtok(NULL, " \r")) f[n++] = s;
  snprintf(reply, cap, "?");
  if (n < 2 || !valid_name(f[1])) return;
  DWORD pid = n >= 3 ? (DWORD)strtoul(f[2], NULL, 10) : 0;
  if (f[0][0] == 'J' && pid) assign(f[1], pid, reply, cap);
  else if (f[0][0] == 'J') list(f[1], reply, cap);
  else if (pid && job_handle(f[1], 0) && ctrl_break(pid)) snprintf(reply, cap, "break");
  else if (pid) {
    end_job(f[1], reply, cap);
    if (strcmp(reply, "ok") == 0) snprintf(reply, cap, "killed");
  } else end_job(f[1], reply, cap);
}
