/* Resource samples of psv-spawn's children, kept for the monitor's incidents (see usage.c). */
#ifndef PSV_USAGE_H
#define PSV_USAGE_H
#include <stddef.h>
#include <sys/types.h>

/* One reading of a process: what /proc/PID/stat and /proc/PID/fd tell at wall time at_ms. */
struct reading {
  long long at_ms;
  long long ticks;     /* utime + stime, in clock ticks */
  long long rss_pages; /* resident set, in pages */
  int threads;
  int fds; /* open descriptors; -1 when not counted this time or not countable */
  char state;
};

/* A process's readings, oldest first. */
struct usage {
  struct reading *v;
  size_t n, cap;
  unsigned long taken; /* readings taken so far (the descriptors are counted every FDS_EVERY-th) */
};

/* Reads process `pid` now; drops the readings older than keep_ms and keeps at most `most`. Nothing when it cannot be read. */
void usage_sample(struct usage *u, pid_t pid, long long wall_ms, long long keep_ms, size_t most);
/*
 * Appends the readings taken since wall time `since_ms` to out[*len..cap), each as
 * " at,state,ticks,threads,rss,fds", oldest first, whole readings only; out stays NUL-terminated.
 */
void usage_format(const struct usage *u, long long since_ms, char *out, size_t *len, size_t cap);
void usage_free(struct usage *u);
/* The wall clock in ms (the readings' times). */
long long wall_ms(void);

#endif
