/*
 * The process tree as Linux's /proc shows it, for psv-spawn (psv-spawn.c):
 * a process's children, the root variable it was exec'ed with, and signals
 * to a whole tree. Only what the helper needs; no allocation survives a call
 * except the reused read buffer.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc-tree.h"

static void out_of_memory(void) {
  fputs("psv-spawn: out of memory\n", stderr);
  exit(1);
}

void pids_push(struct pids *list, pid_t pid) {
  if (list->n == list->cap) {
    list->cap = list->cap ? list->cap * 2 : 64;
    list->v = realloc(list->v, list->cap * sizeof *list->v);
    if (!list->v) out_of_memory();
  }
  list->v[list->n++] = pid;
}

/* Reads a whole /proc file into a reused buffer; its length, or -1 when it cannot be read. */
ssize_t read_proc(const char *path, char **text, size_t *cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  size_t len = 0;
  if (fd < 0) return -1;
  for (;;) {
    if (*cap - len < 2) {
      *cap = *cap ? *cap * 2 : 4096;
      *text = realloc(*text, *cap);
      if (!*text) out_of_memory();
    }
    ssize_t n = read(fd, *text + len, *cap - len - 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(fd);
  (*text)[len] = '\0';
  return (ssize_t)len;
}

static char *scratch;
static size_t scratch_cap;

/* Appends the children of every thread of `pid` (the kernel lists a child under the thread that forked it). */
void add_children_of(struct pids *list, pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
  DIR *dir = opendir(path);
  struct dirent *e;
  if (!dir) return;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(path, sizeof path, "/proc/%ld/task/%.16s/children", (long)pid, e->d_name);
    if (read_proc(path, &scratch, &scratch_cap) <= 0) continue;
    for (char *p = scratch, *end; *p; p = end) {
      long child = strtol(p, &end, 10);
      if (end == p) break;
      if (child > 0) pids_push(list, (pid_t)child);
    }
  }
  closedir(dir);
}

/*
 * The PSV_ROOT_PID of process `pid` (the environment it was exec'ed with):
 * the root's pid, 0 when it has none, -1 when it has exited (a zombie has no
 * environment any more), is in the middle of an exec, or cannot be read.
 */
long root_of(pid_t pid) {
  char path[64];
  ssize_t len;
  snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
  if (read_proc(path, &scratch, &scratch_cap) <= 0) return -1;
  char *state = strrchr(scratch, ')');
  if (!state || state[1] == '\0' || state[2] == 'Z' || state[2] == 'X') return -1;
  snprintf(path, sizeof path, "/proc/%ld/environ", (long)pid);
  if ((len = read_proc(path, &scratch, &scratch_cap)) < 0) return -1;
  if (len == 0) {
    /*
     * Inside execve, from the new memory's install to its stack tables, the
     * environment and the command line both read empty: a daemon a live target
     * just started, handed here by its exiting parent, looks unmarked then.
     * Unknown, not unmarked; the next look finds its marker. A process that
     * really has no environment still has a command line; one whose exec ended
     * between the two reads has its environment now.
     */
    char cmdline_path[64];
    snprintf(cmdline_path, sizeof cmdline_path, "/proc/%ld/cmdline", (long)pid);
    if (read_proc(cmdline_path, &scratch, &scratch_cap) <= 0) return -1;
    if ((len = read_proc(path, &scratch, &scratch_cap)) < 0) return -1;
  }
  for (char *p = scratch, *end = scratch + len; p < end; p += strlen(p) + 1) {
    if (strncmp(p, ROOT_VAR, sizeof ROOT_VAR - 1) == 0) return strtol(p + sizeof ROOT_VAR - 1, NULL, 10);
  }
  return 0;
}

static int has_pid(const struct pids *list, pid_t pid) {
  for (size_t i = 0; i < list->n; i++)
    if (list->v[i] == pid) return 1;
  return 0;
}

/*
 * Sends `sig` to every process in `list` and to all their descendants (the
 * list grows by them: one read of /proc/PID/task/TID/children per thread),
 * once each: the process group of each first-listed process is signalled as
 * a whole, unless it is a live target's or this program's own, and so is
 * `group` when not 0 (the caller has signalled it); the processes in none of
 * those groups one by one. A process forked during the walk can escape it;
 * when its parent dies it is handed to this program, and the next
 * kill_leftovers finds it.
 */
void signal_all(struct pids *list, int sig, pid_t group, int (*live_root)(pid_t)) {
  static struct pids groups;
  size_t first = list->n;
  groups.n = 0;
  if (group > 0) pids_push(&groups, group);
  for (size_t i = 0; i < list->n && list->n < 100000; i++) add_children_of(list, list->v[i]);
  for (size_t i = 0; i < first; i++) {
    pid_t g = getpgid(list->v[i]);
    if (g > 1 && g != getpgrp() && !live_root(g) && !has_pid(&groups, g) && kill(-g, sig) == 0) pids_push(&groups, g);
  }
  for (size_t i = 0; i < list->n; i++)
    if (!has_pid(&groups, getpgid(list->v[i]))) kill(list->v[i], sig);
}

