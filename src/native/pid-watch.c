/*
 * Waits on processes psv-spawn did not start (adopted ones: pidfile and match
 * instances, a target re-adopted after a monitor restart), so that the monitor
 * hears of their end at once instead of at its next check tick.
 *
 * A pidfd (pidfd_open, Linux 5.3+) refers to one process, not to a pid number:
 * it becomes readable when that process exits, however its pid is used later.
 * It is opened first and the process's start time read after: when the start
 * time is the one the monitor recorded, the pidfd refers to that very process
 * (the pid cannot have passed to another process in between and back to one
 * started before the request). Otherwise the process meant is already gone.
 *
 * Requests (psv-spawn.c): W pid token, U pid token. Replies:
 *   W <pid> <token>       the process has ended (or was gone already)
 *   N <pid> <token> <errno>  cannot wait on it (no pidfd in this kernel, out of
 *                         descriptors): the monitor's tick finds its end
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "io.h"
#include "pid-watch.h"
#include "proc-tree.h"

/* Start times are decimal clock ticks since boot: 20 digits hold any. */
#define TOKEN_MAX 24

struct watch {
  pid_t pid;
  int fd;
  char token[TOKEN_MAX];
};

static struct watch *watches;
static size_t n_watches, cap_watches;

static void reply_watch(char kind, pid_t pid, const char *token, int err) {
  char line[96];
  if (kind == 'N') snprintf(line, sizeof line, "N %ld %s %d\n", (long)pid, token, err);
  else snprintf(line, sizeof line, "W %ld %s\n", (long)pid, token);
  write_all_or_exit(line, strlen(line));
}

/* Whether process `pid` now has start time `token`. */
static int started_at(pid_t pid, const char *token) {
  static char *stat;
  static size_t cap;
  char path[64], *p;
  snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
  if (read_proc(path, &stat, &cap) <= 0) return 0;
  /* The command name may hold spaces and parentheses: fields are counted after the last ')'. */
  p = strrchr(stat, ')');
  if (!p) return 0;
  /* p + 2 is field 3 (state); start time is field 22. */
  p += 2;
  for (int field = 3; field < 22; field++) {
    p = strchr(p, ' ');
    if (!p) return 0;
    p++;
  }
  size_t len = strcspn(p, " ");
  return len == strlen(token) && strncmp(p, token, len) == 0;
}

static struct watch *find_watch(pid_t pid, const char *token) {
  for (size_t i = 0; i < n_watches; i++)
    if (watches[i].pid == pid && strcmp(watches[i].token, token) == 0) return &watches[i];
  return NULL;
}

void watch_start(pid_t pid, const char *token) {
  if (pid <= 0 || strlen(token) >= TOKEN_MAX || strspn(token, "0123456789") != strlen(token)) {
    fprintf(stderr, "psv-spawn: malformed watch request ignored\n");
    return;
  }
  if (find_watch(pid, token)) return;
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) {
    if (errno == ESRCH) reply_watch('W', pid, token, 0);
    else reply_watch('N', pid, token, errno);
    return;
  }
  if (!started_at(pid, token)) {
    close(fd);
    reply_watch('W', pid, token, 0);
    return;
  }
  if (n_watches == cap_watches) {
    size_t cap = cap_watches ? cap_watches * 2 : 64;
    struct watch *bigger = realloc(watches, cap * sizeof *watches);
    if (!bigger) {
      close(fd);
      reply_watch('N', pid, token, ENOMEM);
      return;
    }
    watches = bigger;
    cap_watches = cap;
  }
  watches[n_watches].pid = pid;
  watches[n_watches].fd = fd;
  strcpy(watches[n_watches].token, token);
  n_watches++;
}

static void drop(size_t i) {
  close(watches[i].fd);
  watches[i] = watches[--n_watches];
}

void watch_stop(pid_t pid, const char *token) {
  struct watch *w = find_watch(pid, token);
  if (w) drop((size_t)(w - watches));
}

size_t watch_fds(struct pollfd **fds, size_t *cap, size_t from) {
  if (from + n_watches > *cap) {
    size_t want = (from + n_watches) * 2;
    struct pollfd *bigger = realloc(*fds, want * sizeof **fds);
    if (!bigger) {
      fprintf(stderr, "psv-spawn: out of memory\n");
      exit(1);
    }
    *fds = bigger;
    *cap = want;
  }
  for (size_t i = 0; i < n_watches; i++) {
    (*fds)[from + i].fd = watches[i].fd;
    (*fds)[from + i].events = POLLIN;
    (*fds)[from + i].revents = 0;
  }
  return n_watches;
}

void watch_ended(const struct pollfd *fds, size_t from) {
  /* From the end: drop() moves the last wait into the slot it frees. */
  for (size_t i = n_watches; i-- > 0;) {
    if (fds[from + i].fd != watches[i].fd || !(fds[from + i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    reply_watch('W', watches[i].pid, watches[i].token, 0);
    drop(i);
  }
}
