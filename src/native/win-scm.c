/*
 * psv-win svc: services through the Service Control Manager, one run per
 * request (a service is asked about once per check; a process start is cheap
 * next to sc.exe's parsing of localized text and next to a PowerShell start).
 * Driven by src/platform/windows-services.ts.
 *
 *   psv-win svc query [NAME...]        one line per service (every service without names):
 *                                      <state>\t<pid>\t<start type>\t<win32 exit>\t<service exit>\t<name>
 *                                      <state>: stopped, starting, stopping, running, resuming,
 *                                      pausing, paused; or "missing" (no such service) or
 *                                      "error:<code>" (it could not be read); the name comes last
 *                                      (UTF-8, as the caller gave it or the SCM lists it)
 *   psv-win svc start NAME [MS]        starts it and waits until it runs (already running: done)
 *   psv-win svc stop NAME [MS]         stops it and waits until it is stopped (already stopped: done)
 *   psv-win svc restart NAME [MS]      stop, then start; MS bounds each wait (default 30000)
 * Exit codes: 0 done, 1 failed (the text says why), 2 usage, 5 access denied,
 * 6 no such service, 7 timed out. Failures are one line on stderr.
 * Names come from the UTF-16 command line (not the ANSI argv), so any name
 * reaches the SCM as given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <shellapi.h>

#include "win-scm.h"

enum { SVC_OK = 0, SVC_FAILED = 1, SVC_USAGE = 2, SVC_DENIED = 5, SVC_MISSING = 6, SVC_TIMEOUT = 7 };

static HANDLE out_handle;

static void write_all(HANDLE h, const char *s, size_t n) {
  while (n > 0) {
    DWORD wrote;
    if (!WriteFile(h, s, (DWORD)n, &wrote, NULL) || wrote == 0) return;
    s += wrote;
    n -= wrote;
  }
}

/* UTF-8 of a UTF-16 string into buf (truncated to fit). */
static void utf8(const wchar_t *w, char *buf, int size) {
  int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, size, NULL, NULL);
  if (n <= 0) buf[0] = '\0';
  buf[size - 1] = '\0';
}

/* One line on stderr: "psv-win svc VERB NAME: what (error N)". */
static int fail(int code, const char *verb, const wchar_t *name, const char *what, DWORD err) {
  char n8[1024], line[1400];
  utf8(name ? name : L"", n8, sizeof n8);
  int len = err ? snprintf(line, sizeof line, "psv-win svc %s %s: %s (error %lu)\n", verb, n8, what, (unsigned long)err)
                : snprintf(line, sizeof line, "psv-win svc %s %s: %s\n", verb, n8, what);
  write_all(GetStdHandle(STD_ERROR_HANDLE), line, (size_t)len);
  return code;
}

/* The exit code and text of a failed SCM call. */
static int fail_err(const char *verb, const wchar_t *name, const char *doing, DWORD err) {
  char what[256];
  if (err == ERROR_ACCESS_DENIED) {
    snprintf(what, sizeof what, "access denied (%s)", doing);
    return fail(SVC_DENIED, verb, name, what, err);
  }
  if (err == ERROR_SERVICE_DOES_NOT_EXIST) return fail(SVC_MISSING, verb, name, "no such service", err);
  if (err == ERROR_SERVICE_DISABLED) return fail(SVC_FAILED, verb, name, "the service is disabled", err);
  if (err == ERROR_DEPENDENT_SERVICES_RUNNING) return fail(SVC_FAILED, verb, name, "running services depend on it", err);
  snprintf(what, sizeof what, "%s failed", doing);
  return fail(SVC_FAILED, verb, name, what, err);
}

static const char *state_word(DWORD s) {
  switch (s) {
  case SERVICE_STOPPED: return "stopped";
  case SERVICE_START_PENDING: return "starting";
  case SERVICE_STOP_PENDING: return "stopping";
  case SERVICE_RUNNING: return "running";
  case SERVICE_CONTINUE_PENDING: return "resuming";
  case SERVICE_PAUSE_PENDING: return "pausing";
  case SERVICE_PAUSED: return "paused";
  default: return "unknown";
  }
}

static const char *start_word(DWORD t) {
  switch (t) {
  case SERVICE_BOOT_START: return "boot";
  case SERVICE_SYSTEM_START: return "system";
  case SERVICE_AUTO_START: return "auto";
  case SERVICE_DEMAND_START: return "demand";
  case SERVICE_DISABLED: return "disabled";
  default: return "unknown";
  }
}

/* The start type, or "unknown" when the configuration cannot be read (no SERVICE_QUERY_CONFIG right). */
static const char *start_type(SC_HANDLE svc) {
  DWORD need = 0;
  QueryServiceConfigW(svc, NULL, 0, &need);
  if (need == 0) return "unknown";
  QUERY_SERVICE_CONFIGW *cfg = malloc(need);
  const char *word = "unknown";
  if (cfg && QueryServiceConfigW(svc, cfg, need, &need)) word = start_word(cfg->dwStartType);
  free(cfg);
  return word;
}

static void query_line(const wchar_t *name, const char *state, const SERVICE_STATUS_PROCESS *st, const char *start) {
  char n8[1024], line[1200];
  utf8(name, n8, sizeof n8);
  int len = snprintf(line, sizeof line, "%s\t%lu\t%s\t%lu\t%lu\t%s\n", state, st ? (unsigned long)st->dwProcessId : 0UL, start,
                     st ? (unsigned long)st->dwWin32ExitCode : 0UL, st ? (unsigned long)st->dwServiceSpecificExitCode : 0UL, n8);
  write_all(out_handle, line, (size_t)len);
}

static void query_one(SC_HANDLE scm, const wchar_t *name) {
  SC_HANDLE svc = OpenServiceW(scm, name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
  if (!svc) svc = OpenServiceW(scm, name, SERVICE_QUERY_STATUS); /* the state alone is what a check needs */
  if (!svc) {
    DWORD err = GetLastError();
    char word[32];
    if (err == ERROR_SERVICE_DOES_NOT_EXIST) snprintf(word, sizeof word, "missing");
    else snprintf(word, sizeof word, "error:%lu", (unsigned long)err);
    query_line(name, word, NULL, "unknown");
    return;
  }
  SERVICE_STATUS_PROCESS st;
  DWORD need;
  if (QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&st, sizeof st, &need)) {
    query_line(name, state_word(st.dwCurrentState), &st, start_type(svc));
  } else {
    char word[32];
    snprintf(word, sizeof word, "error:%lu", (unsigned long)GetLastError());
    query_line(name, word, NULL, "unknown");
  }
  CloseServiceHandle(svc);
}

/* Every service, in one enumeration (the start types are read one by one). */
static int query_all(SC_HANDLE scm) {
  DWORD need = 0, count = 0, resume = 0;
  EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0, &need, &count, &resume, NULL);
  if (GetLastError() != ERROR_MORE_DATA) return fail_err("query", L"*", "EnumServicesStatusEx", GetLastError());
  BYTE *buf = malloc(need);
  resume = 0;
  if (!buf || !EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buf, need, &need, &count, &resume, NULL)) {
    free(buf);
    return fail_err("query", L"*", "EnumServicesStatusEx", GetLastError());
  }
  ENUM_SERVICE_STATUS_PROCESSW *rows = (ENUM_SERVICE_STATUS_PROCESSW *)buf;
  for (DWORD i = 0; i < count; i++) {
    SC_HANDLE svc = OpenServiceW(scm, rows[i].lpServiceName, SERVICE_QUERY_CONFIG);
    query_line(rows[i].lpServiceName, state_word(rows[i].ServiceStatusProcess.dwCurrentState), &rows[i].ServiceStatusProcess, svc ? start_type(svc) : "unknown");
    if (svc) CloseServiceHandle(svc);
  }
  free(buf);
  return SVC_OK;
}

/*
 * Polls until the service is in `want`, or has stopped while it was to run.
 * Polling, not NotifyServiceStatusChange: that one needs an alertable wait
 * per service and Wine does not implement it; a check every 100 ms is cheap.
 */
static int wait_for(SC_HANDLE svc, DWORD want, DWORD timeout_ms, const char *verb, const wchar_t *name) {
  DWORD start = GetTickCount();
  for (;;) {
    SERVICE_STATUS_PROCESS st;
    DWORD need;
    if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&st, sizeof st, &need)) return fail_err(verb, name, "QueryServiceStatusEx", GetLastError());
    if (st.dwCurrentState == want) return SVC_OK;
    if (want == SERVICE_RUNNING && st.dwCurrentState == SERVICE_STOPPED) {
      char what[128];
      snprintf(what, sizeof what, "it stopped while starting (exit %lu, service exit %lu)", (unsigned long)st.dwWin32ExitCode, (unsigned long)st.dwServiceSpecificExitCode);
      return fail(SVC_FAILED, verb, name, what, 0);
    }
    if (GetTickCount() - start >= timeout_ms) {
      char what[128];
      snprintf(what, sizeof what, "timed out after %lu ms, still %s", (unsigned long)timeout_ms, state_word(st.dwCurrentState));
      return fail(SVC_TIMEOUT, verb, name, what, 0);
    }
    Sleep(100);
  }
}

static int stop(SC_HANDLE svc, const wchar_t *name, DWORD timeout_ms, const char *verb) {
  SERVICE_STATUS st;
  if (!ControlService(svc, SERVICE_CONTROL_STOP, &st)) {
    DWORD err = GetLastError();
    if (err != ERROR_SERVICE_NOT_ACTIVE) return fail_err(verb, name, "ControlService(STOP)", err);
  }
  return wait_for(svc, SERVICE_STOPPED, timeout_ms, verb, name);
}

static int start(SC_HANDLE svc, const wchar_t *name, DWORD timeout_ms, const char *verb) {
  if (!StartServiceW(svc, 0, NULL)) {
    DWORD err = GetLastError();
    if (err != ERROR_SERVICE_ALREADY_RUNNING) return fail_err(verb, name, "StartService", err);
  }
  return wait_for(svc, SERVICE_RUNNING, timeout_ms, verb, name);
}

static int control(SC_HANDLE scm, const wchar_t *verb_w, const wchar_t *name, DWORD timeout_ms) {
  char verb[16];
  utf8(verb_w, verb, sizeof verb);
  int is_start = wcscmp(verb_w, L"start") == 0, is_stop = wcscmp(verb_w, L"stop") == 0;
  DWORD rights = SERVICE_QUERY_STATUS | (is_start ? 0 : SERVICE_STOP) | (is_stop ? 0 : SERVICE_START);
  SC_HANDLE svc = OpenServiceW(scm, name, rights);
  if (!svc) return fail_err(verb, name, "OpenService", GetLastError());
  int rc = is_start ? SVC_OK : stop(svc, name, timeout_ms, verb);
  if (rc == SVC_OK && !is_stop) rc = start(svc, name, timeout_ms, verb);
  CloseServiceHandle(svc);
  return rc;
}

static int usage(void) {
  const char *u = "usage: psv-win svc query [NAME...] | start NAME [MS] | stop NAME [MS] | restart NAME [MS]\n";
  write_all(GetStdHandle(STD_ERROR_HANDLE), u, strlen(u));
  return SVC_USAGE;
}

int svc_main(void) {
  out_handle = GetStdHandle(STD_OUTPUT_HANDLE);
  int argc = 0;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  /* argv[0] psv-win, [1] svc, [2] the verb */
  if (!argv || argc < 3) return usage();
  const wchar_t *verb = argv[2];
  int query = wcscmp(verb, L"query") == 0;
  int ctl = wcscmp(verb, L"start") == 0 || wcscmp(verb, L"stop") == 0 || wcscmp(verb, L"restart") == 0;
  if (!query && !(ctl && (argc == 4 || argc == 5))) return usage();
  DWORD timeout_ms = 30000;
  if (ctl && argc == 5) {
    wchar_t *end;
    unsigned long ms = wcstoul(argv[4], &end, 10);
    if (*end != L'\0' || end == argv[4]) return usage();
    timeout_ms = (DWORD)ms;
  }
  SC_HANDLE scm = OpenSCManagerW(NULL, NULL, query ? SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE : SC_MANAGER_CONNECT);
  if (!scm) return fail_err(query ? "query" : "control", L"", "OpenSCManager", GetLastError());
  int rc = SVC_OK;
  if (query && argc == 3) rc = query_all(scm);
  else if (query)
    for (int i = 3; i < argc; i++) query_one(scm, argv[i]);
  else rc = control(scm, verb, argv[3], timeout_ms);
  CloseServiceHandle(scm);
  LocalFree(argv);
  return rc;
}
