/*
 * psv-win dump PID FILE [full|mini]: a memory dump of a live process (a stalled
 * target, before it is killed) with dbghelp's MiniDumpWriteDump, in place of
 * rundll32 comsvcs.dll,MiniDump run from PowerShell: endpoint protection takes
 * that pattern for credential theft, and rundll32 splits the file name at
 * spaces. One shot, run by src/platform/dumps-windows.ts with a time limit
 * and a size limit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <dbghelp.h>
#include <shellapi.h>

#include "win-dump.h"

enum { DUMP_OK = 0, DUMP_FAILED = 1, DUMP_USAGE = 2, DUMP_NO_PROCESS = 3, DUMP_DENIED = 5 };

/* One line on stderr: what failed, the Win32 error and its text. */
static int fail(int code, const char *what, DWORD err) {
  char text[256] = "";
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, MAKELANGID(LANG_ENGLISH, SUBLANG_DEFAULT), text,
                           sizeof text, NULL);
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' ' || text[n - 1] == '.')) text[--n] = 0;
  fprintf(stderr, "psv-win dump: %s failed: error %lu%s%s\n", what, (unsigned long)err, n ? ": " : "", text);
  return code;
}

static int code_of(DWORD err) {
  return err == ERROR_ACCESS_DENIED || err == ERROR_PRIVILEGE_NOT_HELD ? DUMP_DENIED : DUMP_FAILED;
}

/*
 * Enables SeDebugPrivilege when the token holds it (an elevated administrator,
 * LocalSystem), so processes of other users can be opened; without it the
 * dump of one's own processes still works, so a failure here is not one.
 */
static void enable_debug_privilege(void) {
  HANDLE token;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token)) return;
  TOKEN_PRIVILEGES tp = {.PrivilegeCount = 1};
  if (LookupPrivilegeValueW(NULL, L"SeDebugPrivilege", &tp.Privileges[0].Luid)) {
    tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL);
  }
  CloseHandle(token);
}

int dump_command(int argc, char **argv) {
  /* argv: "dump" PID FILE [full|mini] */
  if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "full") != 0 && strcmp(argv[3], "mini") != 0)) {
    fputs("usage: psv-win dump PID FILE [full|mini]\n", stderr);
    return DUMP_USAGE;
  }
  char *end;
  unsigned long pid = strtoul(argv[1], &end, 10);
  if (*argv[1] == 0 || *end != 0 || pid == 0) {
    fprintf(stderr, "psv-win dump: '%s' is not a process id\n", argv[1]);
    return DUMP_USAGE;
  }
  int full = argc == 3 || strcmp(argv[3], "full") == 0;
  /* FILE from the UTF-16 command line: "psv-win dump PID FILE" puts it fourth. */
  int wn;
  LPWSTR *wargv = CommandLineToArgvW(GetCommandLineW(), &wn);
  if (!wargv || wn < 4) return fail(DUMP_USAGE, "CommandLineToArgvW (reading FILE)", GetLastError());
  LPCWSTR file = wargv[3];

  enable_debug_privilege();
  /* What MiniDumpWriteDump reads with; PROCESS_DUP_HANDLE for the handle table, left out when refused. */
  DWORD rights = PROCESS_QUERY_INFORMATION | PROCESS_VM_READ;
  HANDLE proc = OpenProcess(rights | PROCESS_DUP_HANDLE, FALSE, (DWORD)pid);
  int handles = proc != NULL;
  if (!proc) proc = OpenProcess(rights, FALSE, (DWORD)pid);
  if (!proc) {
    DWORD err = GetLastError();
    char what[48];
    snprintf(what, sizeof what, "OpenProcess(%lu)", pid);
    return fail(err == ERROR_INVALID_PARAMETER ? DUMP_NO_PROCESS : code_of(err), what, err);
  }
  HANDLE out = CreateFileW(file, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (out == INVALID_HANDLE_VALUE) {
    DWORD err = GetLastError();
    CloseHandle(proc);
    return fail(code_of(err), "CreateFileW (the dump file)", err);
  }
  /*
   * full: all memory, as procdump -ma, for WinDbg; mini: stacks, thread and
   * module data and what they point at, a few hundred KB instead of the whole
   * address space.
   */
  MINIDUMP_TYPE type = full ? MiniDumpWithFullMemory | MiniDumpWithFullMemoryInfo | MiniDumpWithThreadInfo | MiniDumpWithUnloadedModules
                            : MiniDumpWithIndirectlyReferencedMemory | MiniDumpWithDataSegs | MiniDumpWithThreadInfo | MiniDumpWithUnloadedModules |
                                  MiniDumpScanMemory;
  if (handles) type |= MiniDumpWithHandleData;
  BOOL ok = MiniDumpWriteDump(proc, (DWORD)pid, out, type, NULL, NULL, NULL);
  DWORD err = ok ? 0 : GetLastError();
  CloseHandle(out);
  CloseHandle(proc);
  if (!ok) {
    /* A half-written dump is no evidence: removed, so nobody opens it as one. */
    DeleteFileW(file);
    /* MiniDumpWriteDump reports some errors as HRESULTs (0x8007xxxx): the Win32 code inside. */
    DWORD win32 = HRESULT_FACILITY(err) == FACILITY_WIN32 ? HRESULT_CODE(err) : err;
    LocalFree(wargv);
    return fail(code_of(win32), "MiniDumpWriteDump", win32);
  }
  LocalFree(wargv);
  return DUMP_OK;
}
