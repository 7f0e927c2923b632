/*
 * psv-win: psv's helper on Windows, the counterpart of psv-spawn on Linux.
 * It reads the process table, checks known processes by pid and start time
 * (so a reused pid is never taken for the process psv knew), and waits on
 * the handles of processes psv did not start, so their ends are known at
 * once instead of at the next check. A small program of its own rather than
 * Win32 calls through an FFI addon: no native code is loaded into the
 * monitor, a crash here cannot take the monitor down, the waits run on this
 * program's threads, and a Linux build machine fetches no extra package.
 * Driven by src/platform/windows-native.ts.
 *
 * Usage:
 *   psv-win serve PIPE   long-lived: requests on stdin, replies on stdout, and
 *                        the quick questions on the named pipe \\.\pipe\PIPE
 *   psv-win list [PID]   one-shot: the table (or one row), as replies to "L -"
 *   psv-win token PID    one-shot: the start token, as the pipe answers "T PID"
 *   psv-win svc ...      one-shot: services through the SCM (win-scm.c)
 *   psv-win dump PID FILE [full|mini]
 *                        one-shot: a memory dump with MiniDumpWriteDump (win-dump.c)
 *
 * stdin, one request a line, fields separated by one space:
 *   L <id>               the process table: rows, then "E\t<id>"
 *   I <id> <pid>         one process's row (none when it is gone), then "E\t<id>"
 *   W <pid> <token>      wait for the process to end: "X\t<pid>\t<token>" once
 *                        (at once when it is gone or the pid is another process's);
 *                        "N\t<pid>\t<token>" when it cannot be waited on (no access)
 *   U <pid> <token>      stop waiting (after an X too: it frees the wait); no reply
 * stdout, one reply a line, fields separated by tabs:
 *   H\tpsv-win\t1        first, once: the protocol's version
 *   R\t<id>\t<pid>\t<ppid>\t<start>\t<image>\t<owner>\t<command line>
 *                        <start>: FILETIME of its creation (0 when unreadable);
 *                        <owner>: DOMAIN\name or empty; the command line comes
 *                        last (it may hold tabs; its line breaks become spaces)
 * The named pipe answers one line per request line, synchronously (the monitor
 * asks them where it cannot wait for a reply on stdout):
 *   T <pid>              "<start>" | "-" (no such process) | "?" (runs, cannot be read)
 *   C <pid> <token>      "alive" | "gone": whether pid still is the process with that token
 *   J ... / K ...        the job part: see win-job.c
 * A token that is not a number (unknown when the process was found) only asks
 * whether the pid runs. At end of input (the monitor is gone) it exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "win-dump.h"
#include "win-job.h"
#include "win-proc.h"
#include "win-scm.h"

static CRITICAL_SECTION out_lock;
static HANDLE out;

/* Writes one or more whole lines: replies of the main thread and of wait callbacks never interleave. */
static void emit(const char *s, size_t n) {
  EnterCriticalSection(&out_lock);
  while (n > 0) {
    DWORD wrote;
    if (!WriteFile(out, s, (DWORD)n, &wrote, NULL)) ExitProcess(0); /* the monitor is gone */
    s += wrote;
    n -= wrote;
  }
  LeaveCriticalSection(&out_lock);
}

static void emit3(const char *kind, DWORD pid, const char *token) {
  char line[96];
  int n = snprintf(line, sizeof line, "%s\t%lu\t%s\n", kind, (unsigned long)pid, token);
  emit(line, (size_t)n);
}

/* A process waited on. Only the main thread changes the list; callbacks read their own entry. */
struct watch {
  DWORD pid;
  char token[32];
  HANDLE proc;
  HANDLE wait;
  struct watch *next;
};
static struct watch *watches;

static void CALLBACK on_exit(PVOID ctx, BOOLEAN timed_out) {
  (void)timed_out;
  struct watch *w = ctx;
  emit3("X", w->pid, w->token);
}

static int numeric(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

/* Whether open process `h` is the one with start token `token` (a non-number: any). */
static int same_process(HANDLE h, const char *token) {
  if (!proc_running(h)) return 0;
  if (!numeric(token) || strcmp(token, "0") == 0) return 1;
  unsigned long long t = proc_start_time(h);
  return t == 0 || t == _strtoui64(token, NULL, 10);
}

static void watch(DWORD pid, const char *token) {
  for (struct watch *w = watches; w; w = w->next)
    if (w->pid == pid && strcmp(w->token, token) == 0) return;
  HANDLE h = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!h) {
    emit3(GetLastError() == ERROR_INVALID_PARAMETER ? "X" : "N", pid, token);
    return;
  }
  if (!same_process(h, token)) {
    CloseHandle(h);
    emit3("X", pid, token);
    return;
  }
  struct watch *w = calloc(1, sizeof *w);
  if (!w) ExitProcess(1);
  w->pid = pid;
  snprintf(w->token, sizeof w->token, "%s", token);
  w->proc = h;
  if (!RegisterWaitForSingleObject(&w->wait, h, on_exit, w, INFINITE, WT_EXECUTEONLYONCE)) {
    CloseHandle(h);
    free(w);
    emit3("N", pid, token);
    return;
  }
  w->next = watches;
  watches = w;
}

static void unwatch(DWORD pid, const char *token) {
  for (struct watch **p = &watches; *p; p = &(*p)->next) {
    struct watch *w = *p;
    if (w->pid != pid || strcmp(w->token, token) != 0) continue;
    *p = w->next;
    /* Waits for a callback under way: the entry is freed only once nothing reads it. */
    UnregisterWaitEx(w->wait, INVALID_HANDLE_VALUE);
    CloseHandle(w->proc);
    free(w);
    return;
  }
}

static void table(const char *id, DWORD pid) {
  struct buf b = {0};
  proc_table(&b, id, pid);
  buf_str(&b, "E\t");
  buf_str(&b, id);
  buf_str(&b, "\n");
  emit(b.data, b.len);
  free(b.data);
}

/* Splits `line` at spaces into at most `max` fields; returns how many. */
static int split(char *line, char **f, int max) {
  int n = 0;
  for (char *s = strtok(line, " \r"); s && n < max; s = strtok(NULL, " \r")) f[n++] = s;
  return n;
}

static DWORD pid_of(const char *s) {
  return numeric(s) ? (DWORD)strtoul(s, NULL, 10) : 0;
}

static void request(char *line) {
  char *f[4];
  int n = split(line, f, 4);
  if (n == 0) return;
  if (strcmp(f[0], "L") == 0 && n >= 2) table(f[1], 0);
  else if (strcmp(f[0], "I") == 0 && n >= 3) {
    DWORD pid = pid_of(f[2]);
    if (pid) table(f[1], pid);
    else emit3("E", 0, f[1]) /* never a row for pid 0 */;
  } else if (strcmp(f[0], "W") == 0 && n >= 3 && pid_of(f[1])) watch(pid_of(f[1]), f[2]);
  else if (strcmp(f[0], "U") == 0 && n >= 3) unwatch(pid_of(f[1]), f[2]);
  else fprintf(stderr, "psv-win: bad request '%s'\n", f[0]);
}

/* The answer to one quick question of the named pipe, without its line break. */
static void answer(char *line, char reply[32]) {
  char *f[3];
  int n = split(line, f, 3);
  strcpy(reply, "?");
  if (n >= 2 && strcmp(f[0], "T") == 0) {
    proc_token(pid_of(f[1]), reply);
  } else if (n >= 3 && strcmp(f[0], "C") == 0) {
    char now[32];
    proc_token(pid_of(f[1]), now);
    int alive = strcmp(now, "-") != 0 && (strcmp(now, "?") == 0 || !numeric(f[2]) || strcmp(f[2], "0") == 0 || strcmp(now, f[2]) == 0);
    strcpy(reply, alive ? "alive" : "gone");
  }
}

/* Reads lines from `h` and hands each to `each`; returns at end of input or on an error. */
static void read_lines(HANDLE h, void (*each)(char *line, void *ctx), void *ctx) {
  static const size_t MAX_LINE = 4096;
  char *data = malloc(MAX_LINE);
  size_t len = 0;
  if (!data) ExitProcess(1);
  for (;;) {
    DWORD got;
    if (len == MAX_LINE) len = 0; /* a line this long is no request: dropped */
    if (!ReadFile(h, data + len, (DWORD)(MAX_LINE - len), &got, NULL) || got == 0) break;
    len += got;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
      if (data[i] != '\n') continue;
      data[i] = 0;
      each(data + start, ctx);
      start = i + 1;
    }
    memmove(data, data + start, len - start);
    len -= start;
  }
  free(data);
}

static void pipe_line(char *line, void *ctx) {
  char reply[4096];
  /* The job part (win-job.c): each target in its own named Job Object. */
  if (line[0] == 'J' || line[0] == 'K') job_answer(line, reply, sizeof reply - 1);
  else answer(line, reply);
  strcat(reply, "\n");
  DWORD wrote;
  WriteFile(*(HANDLE *)ctx, reply, (DWORD)strlen(reply), &wrote, NULL);
}

/* Serves the named pipe, one client at a time (the monitor keeps its connection open). */
static DWORD WINAPI serve_pipe(LPVOID arg) {
  HANDLE p = arg;
  for (;;) {
    if (!ConnectNamedPipe(p, NULL) && GetLastError() != ERROR_PIPE_CONNECTED) {
      Sleep(50);
      continue;
    }
    read_lines(p, pipe_line, &p);
    FlushFileBuffers(p);
    DisconnectNamedPipe(p);
  }
  return 0;
}

static void stdin_line(char *line, void *ctx) {
  (void)ctx;
  request(line);
}

static int serve(const char *name) {
  WCHAR path[256];
  if (strlen(name) > 200 || strpbrk(name, "\\/")) {
    fputs("psv-win: bad pipe name\n", stderr);
    return 2;
  }
  swprintf(path, 256, L"\\\\.\\pipe\\%hs", name);
  /* First instance, one instance: nobody else can sit on this name or answer in our place. */
  HANDLE p = CreateNamedPipeW(path, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE,
                              PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, 4096, 4096, 0, NULL);
  if (p == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "psv-win: cannot create the pipe %s (error %lu)\n", name, GetLastError());
    return 1;
  }
  HANDLE t = CreateThread(NULL, 64 * 1024, serve_pipe, p, 0, NULL);
  if (!t) return 1;
  CloseHandle(t);
  emit("H\tpsv-win\t1\n", 12);
  read_lines(GetStdHandle(STD_INPUT_HANDLE), stdin_line, NULL);
  return 0;
}

int main(int argc, char **argv) {
  InitializeCriticalSection(&out_lock);
  out = GetStdHandle(STD_OUTPUT_HANDLE);
  if (argc == 3 && strcmp(argv[1], "serve") == 0) return serve(argv[2]);
  /* The SCM part (issue 16): services, one run per request. */
  if (argc >= 2 && strcmp(argv[1], "svc") == 0) return svc_main();
  if ((argc == 2 || argc == 3) && strcmp(argv[1], "list") == 0) {
    table("-", argc == 3 ? pid_of(argv[2]) : 0);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "token") == 0) {
    char t[32];
    proc_token(pid_of(argv[2]), t);
    emit(t, strlen(t));
    emit("\n", 1);
    return 0;
  }
  /* The dump part (issue 16): win-dump.c. */
  if (argc >= 2 && strcmp(argv[1], "dump") == 0) return dump_command(argc - 1, argv + 1);
  fputs("usage: psv-win serve PIPE | list [PID] | token PID | svc ... | dump PID FILE [full|mini]\n", stderr);
  return 2;
}
