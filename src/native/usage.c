/*
 * Resource samples of the targets psv-spawn runs. The helper reads them on its
 * own schedule (psv-spawn.c) and keeps a few minutes of them per process, so
 * that a monitor with a thousand targets does not wake to read a thousand
 * /proc files: it asks for one process's readings when an incident needs them.
 * The readings are raw (clock ticks, pages); the monitor turns them into CPU %
 * and bytes (src/analysis/samples.ts), as it does with its own.
 */
#define _GNU_SOURCE
#include "usage.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The /proc/PID/stat fields read, counted from the state (field 3) as 0. */
#define F_UTIME 11
#define F_STIME 12
#define F_THREADS 17
#define F_RSS 21
/*
 * The descriptors are counted at the first reading and every this many after
 * (spread over the rounds by pid): a third of a reading's cost, and they move slowly.
 */
#define FDS_EVERY 8

long long wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Open descriptors: the size Linux 6.2 and later gives /proc/PID/fd, else the entries counted. */
static int count_fds(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0 && st.st_size > 0) return (int)st.st_size;
  DIR *d = opendir(dir);
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] != '.') n++;
  }
  closedir(d);
  return n;
}

/* Reads `pid` into *r, its descriptors too when count_them; 0 when it cannot be read (gone, or not a stat line). */
static int read_one(pid_t pid, struct reading *r, int count_them) {
  /* A stat line is a few hundred bytes: one read gives all of it (no second read to see the end). */
  char text[1024], path[64];
  long long field[F_RSS + 1];

  snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t len = read(fd, text, sizeof text - 1);
  close(fd);
  if (len <= 0) return 0;
  text[len] = '\0';
  /* The name (field 2) may hold spaces and parentheses: the fields start after the last ')'. */
  char *p = strrchr(text, ')');
  if (!p || p[1] != ' ' || p[2] == '\0') return 0;
  r->state = p[2];
  p += 3;
  for (int i = 1; i <= F_RSS; i++) {
    char *end;
    field[i] = strtoll(p, &end, 10);
    if (end == p) return 0;
    p = end;
  }
  r->ticks = field[F_UTIME] + field[F_STIME];
  r->threads = (int)field[F_THREADS];
  r->rss_pages = field[F_RSS];
  r->fds = -1;
  if (count_them) {
    snprintf(path, sizeof path, "/proc/%ld/fd", (long)pid);
    r->fds = count_fds(path);
  }
  return 1;
}

void usage_sample(struct usage *u, pid_t pid, long long now, long long keep_ms, size_t most) {
  struct reading r;
  int count_them = u->taken == 0 || (u->taken + (unsigned long)pid) % FDS_EVERY == 0;
  u->taken++;
  if (!read_one(pid, &r, count_them)) return;
  r.at_ms = now;
  size_t old = 0;
  while (old < u->n && (now - u->v[old].at_ms > keep_ms || u->n - old >= most)) old++;
  if (old) {
    memmove(u->v, u->v + old, (u->n - old) * sizeof *u->v);
    u->n -= old;
  }
  if (u->n == u->cap) {
    size_t cap = u->cap ? u->cap * 2 : 4;
    struct reading *v = realloc(u->v, cap * sizeof *v);
    if (!v) return; /* a sample is a nice-to-have: none this round */
    u->v = v;
    u->cap = cap;
  }
  u->v[u->n++] = r;
}

void usage_format(const struct usage *u, long long since_ms, char *out, size_t *len, size_t cap) {
  for (size_t i = 0; i < u->n; i++) {
    const struct reading *r = &u->v[i];
    if (r->at_ms < since_ms) continue;
    int used = snprintf(out + *len, cap - *len, " %lld,%c,%lld,%d,%lld,%d", r->at_ms, r->state, r->ticks, r->threads, r->rss_pages, r->fds);
    if (used < 0 || (size_t)used >= cap - *len) {
      out[*len] = '\0';
      return;
    }
    *len += (size_t)used;
  }
}

void usage_free(struct usage *u) {
  free(u->v);
  u->v = NULL;
  u->n = u->cap = 0;
  u->taken = 0;
}
