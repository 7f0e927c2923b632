/* What psv-win reads about one Windows process (win-proc.c). */
#ifndef PSV_WIN_PROC_H
#define PSV_WIN_PROC_H

#include <windows.h>

/* A growable byte buffer: replies are built whole, then written in one go. */
struct buf {
  char *data;
  size_t len, cap;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_str(struct buf *b, const char *s);
void buf_u64(struct buf *b, unsigned long long v);

/* The creation time of the open process `h` (FILETIME as one number), 0 when unreadable. */
unsigned long long proc_start_time(HANDLE h);

/* Whether the open process `h` has not exited yet. */
int proc_running(HANDLE h);

/*
 * The start token of process `pid` into `out`: its creation time in decimal,
 * "-" when no such process runs, "?" when it runs but cannot be opened.
 */
void proc_token(DWORD pid, char out[32]);

/*
 * Appends the process table, or only `only_pid`'s row when it is not 0, to
 * `b`: one line a process, "R\t<id>\t<pid>\t<ppid>\t<start>\t<image>\t<owner>\t<command line>".
 */
void proc_table(struct buf *b, const char *id, DWORD only_pid);

#endif
