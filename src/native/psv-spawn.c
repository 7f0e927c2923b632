/*
 * psv-spawn: starts the targets of a psv monitor on Linux and reports their exits.
 *
 * Why a separate program: Node starts a child with fork(), whose cost grows with
 * the parent's resident memory (about 1.7 ms at 50 MB, 10 ms at 150 MB). This
 * helper stays at a few hundred kilobytes, so a restart costs what a bare
 * waitpid/fork/exec loop costs, however large the monitor has grown.
 *
 * The monitor owns the decisions; this program only spawns, reaps and reports.
 *
 * Usage: psv-spawn [MONITOR_PID] (default: the parent). The monitor pid is
 * what "the monitor is gone" is checked against.
 *
 * stdin, requests, one after another: a decimal byte count and '\n', then that
 * many bytes of NUL-terminated fields, the first naming the request:
 *   S id armed cwd output run argc argv[0..argc-1] env...
 *                         start a target (output "" = /dev/null); armed: 1 or 0;
 *                         run: its user, groups, umask, nice and limits ("" = the
 *                         helper's own; the words are described in launch.c)
 *   A pid                 arm: when pid exits, start it again at once, same spec
 *   D pid ack             disarm; answered with "D <ack>" once done
 *   T pid signo           signal a running target as a tree (see signal_target)
 *   W pid token           wait on the end of a process it did not start (pid-watch.c)
 *   U pid token           drop that wait
 *   C every spacing keep logmax logevery
 *                         what to watch of the children (all ms, logmax in bytes;
 *                         every 0: no samples, logevery 0: no log checks):
 *                         resource samples every max(every, spacing x children)
 *                         ms, kept keep ms (usage.c); each output file's size
 *                         every logevery ms, told when above logmax
 *   Q pid token           the samples of a child (running, or among the last ENDED_KEPT ended)
 * stdout, replies, one line each:
 *   P <id> <pid>          started (exec succeeded)
 *   F <id> <errno>        not started (chdir, exec, fork failed); errno as a number
 *   X <pid> c <code>      a target exited with <code>
 *   X <pid> s <signo>     a target was killed by signal <signo>
 *   ... R <newpid>        appended to X when an armed target was started again
 *   ... E <errno>         appended to X when starting it again failed
 *   D <ack>               a disarm is done: no restart of that pid will follow
 *   W <pid> <token>       a waited-on process has ended
 *   N <pid> <token> <errno>  it cannot be waited on (the monitor's tick looks instead)
 *   Q <token> [at,state,ticks,threads,rsspages,fds ...]  the samples asked for, oldest first
 *                         (fds -1: not counted); none when there are none
 *   L <pid>               that child's output file has grown above logmax (the monitor rotates it)
 *
 * Arming is one-shot (a restarted child is not armed): the monitor decides
 * under its retry rule, before the failure, that the next exit is to be
 * restarted at once, and arms again after it has counted the restart. The
 * helper never restarts a target that ran less than CRASH_LOOP_MIN_UPTIME_MS
 * (the monitor decides when a crash-looping target comes back), nor once the
 * monitor is gone or going (monitor_going). That narrows, but cannot close,
 * the race with a monitor killed at the same instant as its target: a restart
 * can still slip out just before the monitor dies. The next monitor finds
 * such a process by its marker and adopts it (src/engine/recover.ts).
 *
 * Identity. Each target's environment gets PSV_ROOT_PID=<its own pid>, set
 * between fork and exec, next to the PSV_TARGET_ID=<monitor key>/<name> the
 * monitor put there: a process whose PSV_ROOT_PID is its own pid is a
 * target's root, and what it starts inherits the root's pid (unless it execs
 * with a cleared environment). This program is a child subreaper: whatever a
 * target daemonizes (double fork, setsid) is handed to it when its parent
 * dies, instead of to init. After every reap it SIGKILLs the children it
 * holds that belong to no live target it started (kill_leftovers), and a
 * stop signals those of the target being stopped (signal_target).
 *
 * Each target gets its own session (setsid; launch.c), the output file on stdout and
 * stderr (O_APPEND, created 0666 & umask, opened before the target's user is
 * taken on), /dev/null on stdin, default signal dispositions, an empty signal
 * mask, and the limits, nice value, groups, user and umask of its `run` field. At end of input (the monitor is gone)
 * the program exits and leaves its children running: the targets outlive the
 * monitor, and the next monitor adopts them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "launch.h"
#include "pid-watch.h"
#include "proc-tree.h"
#include "usage.h"

#define MAX_REQUEST (16 * 1024 * 1024)

/*
 * An armed target is restarted at once only when it ran at least this long;
 * an exit sooner is reported without a restart, and the monitor decides (it
 * holds a crash-looping target back a little). The same figure as
 * CRASH_LOOP_MIN_UPTIME_MS in src/policy/retry.ts.
 */
#define CRASH_LOOP_MIN_UPTIME_MS 1000

static char *buf;
static size_t buf_len, buf_cap;
static pid_t monitor_pid;

/* What a target is started from: its request's fields from cwd on, kept while it runs. */
struct spec {
  char *data;
  size_t len;
};

/* A target this program started and has not reaped yet: a live root. Sorted by pid. */
struct child {
  pid_t pid;
  int armed;
  long long started_ms;
  struct spec spec;
  /* Its output file (in spec; "" for none), held by an O_PATH descriptor once looked at (-1: not yet; -2: by its path). */
  const char *output;
  int output_fd;
  struct usage usage;
};

static struct child *children;
static size_t n_children, cap_children;

static void die(const char *what) {
  fprintf(stderr, "psv-spawn: %s: %s\n", what, strerror(errno));
  exit(1);
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first entry whose pid is not below `pid`. */
static size_t child_slot(pid_t pid) {
  size_t lo = 0, hi = n_children;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (children[mid].pid < pid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static struct child *find_child(pid_t pid) {
  size_t i = child_slot(pid);
  return i < n_children && children[i].pid == pid ? &children[i] : NULL;
}

static int is_live_root(pid_t pid) {
  return find_child(pid) != NULL;
}

static void add_child(pid_t pid, int armed, struct spec spec) {
  if (n_children == cap_children) {
    cap_children = cap_children ? cap_children * 2 : 64;
    children = realloc(children, cap_children * sizeof *children);
    if (!children) die("out of memory");
  }
  size_t i = child_slot(pid);
  memmove(&children[i + 1], &children[i], (n_children - i) * sizeof *children);
  children[i].pid = pid;
  children[i].armed = armed;
  children[i].started_ms = now_ms();
  children[i].spec = spec;
  /* The spec's fields: cwd, then the output file. */
  char *cwd_end = memchr(spec.data, '\0', spec.len);
  children[i].output = cwd_end && (size_t)(cwd_end - spec.data) + 1 < spec.len ? cwd_end + 1 : "";
  children[i].output_fd = -1;
  memset(&children[i].usage, 0, sizeof children[i].usage);
  n_children++;
}

/* Removes the entry and hands back its spec. */
static struct spec take_child(struct child *c) {
  struct spec spec = c->spec;
  if (c->output_fd >= 0) close(c->output_fd);
  size_t i = (size_t)(c - children);
  memmove(&children[i], &children[i + 1], (n_children - i - 1) * sizeof *children);
  n_children--;
  return spec;
}

/*
 * What the monitor asked to be watched of the children (request C), so that it
 * need not wake for it: resource samples, and the size of each output file.
 * Each is done in rounds over the children, ROUND_STEP at a time between polls,
 * so that a round over a thousand never holds up a restart for long.
 */
#define ROUND_STEP 64
/* At most this many readings are kept of one process. */
#define READINGS_KEPT 32
/* The samples of this many ended children are kept for the monitor to ask for. */
#define ENDED_KEPT 256

static long long sample_every_ms, sample_spacing_ms, keep_ms, log_max_bytes, log_every_ms;

/* A round over the children, in pid order: due at `due` (monotonic ms); while active, the next is the first pid after `after`. */
struct round {
  long long due;
  int active;
  pid_t after;
};
static struct round sampling, log_check;

static struct ended {
  pid_t pid;
  struct usage usage;
} ended[ENDED_KEPT];
static size_t ended_next;

/* A reaped child's samples, kept for the monitor's incident (the newest replaces the oldest). */
static void keep_ended(struct child *c) {
  struct ended *e = &ended[ended_next];
  if (c->usage.n == 0) {
    usage_free(&c->usage);
    return;
  }
  usage_free(&e->usage);
  e->pid = c->pid;
  e->usage = c->usage;
  memset(&c->usage, 0, sizeof c->usage);
  ended_next = (ended_next + 1) % ENDED_KEPT;
}

static int sampling_on(void) {
  return sample_every_ms > 0;
}

/* logs.maxSize may be 0 (every non-empty log is rotated): only logevery 0 turns the checks off. */
static int log_check_on(void) {
  return log_every_ms > 0;
}

/* The samples come less often with many children: a round costs some microseconds per child. */
static long long sample_period(void) {
  long long spaced = (long long)n_children * sample_spacing_ms;
  return spaced > sample_every_ms ? spaced : sample_every_ms;
}

static void sample_child(struct child *c) {
  usage_sample(&c->usage, c->pid, wall_ms(), keep_ms, READINGS_KEPT);
}

/*
 * The size of the file the child writes to: through a descriptor held from the
 * first look (an fstat costs a fraction of a path's walk; the monitor rotates by
 * copy and truncate, so the file stays the same), by its path when none can be held.
 */
static void check_output(struct child *c) {
  struct stat st;
  char line[48];
  if (c->output[0] == '\0') return;
  if (c->output_fd == -1) {
    c->output_fd = open(c->output, O_PATH | O_CLOEXEC);
    if (c->output_fd < 0) c->output_fd = -2;
  }
  if ((c->output_fd >= 0 ? fstat(c->output_fd, &st) : stat(c->output, &st)) != 0 || st.st_size <= log_max_bytes) return;
  snprintf(line, sizeof line, "L %ld\n", (long)c->pid);
  write_all_or_exit(line, strlen(line));
}

/* One step of round r when it is due: up to ROUND_STEP children; after the last, the next round is due in `period`. */
static void round_step(struct round *r, long long now, void (*each)(struct child *), long long period) {
  if (!r->active) {
    if (now < r->due) return;
    r->active = 1;
    r->after = 0;
  }
  size_t i = child_slot(r->after + 1), end = i + ROUND_STEP;
  for (; i < n_children && i < end; i++) each(&children[i]);
  if (i >= n_children) {
    r->active = 0;
    r->due = now + period;
  } else {
    r->after = children[i - 1].pid;
  }
}

/* The rounds' work that is due; the poll timeout until the next (-1: none). */
static int watch_work(void) {
  long long now = now_ms(), wait = -1;
  struct {
    int on;
    struct round *r;
    void (*each)(struct child *);
    long long period;
  } rounds[] = {
      {sampling_on(), &sampling, sample_child, sample_period()},
      {log_check_on(), &log_check, check_output, log_every_ms},
  };
  for (size_t k = 0; k < sizeof rounds / sizeof rounds[0]; k++) {
    if (!rounds[k].on) continue;
    round_step(rounds[k].r, now, rounds[k].each, rounds[k].period);
    long long left = rounds[k].r->active ? 0 : rounds[k].r->due - now;
    if (left < 0) left = 0;
    if (wait < 0 || left < wait) wait = left;
  }
  return wait > 24 * 3600 * 1000LL ? 24 * 3600 * 1000 : (int)wait;
}

static void configure_work(char **fields) {
  long long now = now_ms();
  sample_every_ms = strtoll(fields[0], NULL, 10);
  sample_spacing_ms = strtoll(fields[1], NULL, 10);
  keep_ms = strtoll(fields[2], NULL, 10);
  log_max_bytes = strtoll(fields[3], NULL, 10);
  log_every_ms = strtoll(fields[4], NULL, 10);
  sampling = (struct round){.due = now + sample_period()};
  log_check = (struct round){.due = now + log_every_ms};
}

/* Replies with the samples of `pid`: a running child's, else the newest ended one's. */
static void send_samples(pid_t pid, const char *token) {
  static char line[4096];
  const struct usage *u = NULL;
  struct child *c = find_child(pid);
  if (c) u = &c->usage;
  for (size_t k = 1; !u && k <= ENDED_KEPT; k++) {
    struct ended *e = &ended[(ended_next + ENDED_KEPT - k) % ENDED_KEPT];
    if (e->pid == pid && e->usage.n > 0) u = &e->usage;
  }
  size_t len = (size_t)snprintf(line, sizeof line - 1, "Q %s", token);
  if (u) usage_format(u, wall_ms() - keep_ms, line, &len, sizeof line - 1);
  line[len++] = '\n';
  write_all_or_exit(line, len);
}

/*
 * What this program holds that is no live target's: its children other than
 * the targets it started, whose PSV_ROOT_PID names no target it started
 * (a target that has exited, or none). They are what dead targets left
 * behind, handed to this program as their parents died; all go with SIGKILL,
 * their descendants with them.
 */
static void kill_leftovers(void) {
  static struct pids kids, victims;
  kids.n = victims.n = 0;
  add_children_of(&kids, getpid());
  for (size_t i = 0; i < kids.n; i++) {
    pid_t kid = kids.v[i];
    if (find_child(kid)) continue;
    long root = root_of(kid);
    if (root < 0 || (root > 0 && find_child((pid_t)root))) continue;
    pids_push(&victims, kid);
  }
  if (victims.n) signal_all(&victims, SIGKILL, 0, is_live_root);
}

/*
 * Signals a running target as a tree: its process group, its descendants
 * (also those in sessions of their own), and what it daemonized that this
 * program holds (children whose PSV_ROOT_PID is this target). Nothing for a
 * pid that is not a live target: its leftovers went when it was reaped.
 */
static void signal_target(pid_t root, int sig) {
  static struct pids list, kids;
  if (!find_child(root) || sig <= 0 || sig >= NSIG) return;
  list.n = kids.n = 0;
  kill(-root, sig);
  pids_push(&list, root);
  add_children_of(&kids, getpid());
  for (size_t i = 0; i < kids.n; i++) {
    if (kids.v[i] != root && !find_child(kids.v[i]) && root_of(kids.v[i]) == root) pids_push(&list, kids.v[i]);
  }
  signal_all(&list, sig, root, is_live_root);
}

/* Writes the whole line; the monitor gone (EPIPE) ends this program. */
static void reply(const char *line) {
  write_all_or_exit(line, strlen(line));
}

/* Splits the next NUL-terminated field off [*p, end); NULL when there is none. */
static char *next_field(char **p, char *end) {
  char *z = memchr(*p, '\0', (size_t)(end - *p)), *field = *p;
  if (!z) return NULL;
  *p = z + 1;
  return field;
}

static void handle_request(char *p, size_t len) {
  char *end = p + len, line[96];
  char *kind = next_field(&p, end);
  char *a = next_field(&p, end);

  if (!kind || !a) {
    fprintf(stderr, "psv-spawn: malformed request ignored\n");
    return;
  }
  if (strcmp(kind, "S") == 0) {
    char *armed = next_field(&p, end);
    struct spec spec;
    long r;
    if (!armed || strlen(a) > 32) {
      fprintf(stderr, "psv-spawn: malformed request ignored\n");
      return;
    }
    spec.len = (size_t)(end - p);
    spec.data = malloc(spec.len ? spec.len : 1);
    if (!spec.data) die("out of memory");
    memcpy(spec.data, p, spec.len);
    r = launch(spec.data, spec.len);
    if (r > 0) {
      add_child((pid_t)r, armed[0] == '1', spec);
      snprintf(line, sizeof line, "P %s %ld\n", a, r);
    } else {
      free(spec.data);
      snprintf(line, sizeof line, "F %s %ld\n", a, -r);
    }
    reply(line);
  } else if (strcmp(kind, "A") == 0 || strcmp(kind, "D") == 0) {
    struct child *c = find_child((pid_t)strtol(a, NULL, 10));
    if (c) c->armed = kind[0] == 'A';
    if (kind[0] == 'D') {
      char *ack = next_field(&p, end);
      if (ack && strlen(ack) <= 32) {
        snprintf(line, sizeof line, "D %s\n", ack);
        reply(line);
      }
    }
  } else if (strcmp(kind, "W") == 0 || strcmp(kind, "U") == 0) {
    char *token = next_field(&p, end);
    pid_t pid = (pid_t)strtol(a, NULL, 10);
    if (!token) fprintf(stderr, "psv-spawn: malformed request ignored\n");
    else if (kind[0] == 'W') watch_start(pid, token);
    else watch_stop(pid, token);
  } else if (strcmp(kind, "C") == 0) {
    char *fields[5] = {a};
    int ok = 1;
    for (int i = 1; i < 5 && ok; i++) ok = (fields[i] = next_field(&p, end)) != NULL;
    if (ok) configure_work(fields);
    else fprintf(stderr, "psv-spawn: malformed request ignored\n");
  } else if (strcmp(kind, "Q") == 0) {
    char *token = next_field(&p, end);
    if (token && strlen(token) <= 32) send_samples((pid_t)strtol(a, NULL, 10), token);
    else fprintf(stderr, "psv-spawn: malformed request ignored\n");
  } else if (strcmp(kind, "T") == 0) {
    char *signo = next_field(&p, end);
    if (signo) signal_target((pid_t)strtol(a, NULL, 10), (int)strtol(signo, NULL, 10));
  } else {
    fprintf(stderr, "psv-spawn: unknown request '%.16s' ignored\n", kind);
  }
}

/* Handles every complete request in the buffer; keeps the rest for later. */
static void drain_requests(void) {
  size_t off = 0;
  for (;;) {
    char *nl = memchr(buf + off, '\n', buf_len - off);
    if (!nl) break;
    char *digits_end;
    unsigned long len = strtoul(buf + off, &digits_end, 10);
    if (digits_end != nl || len == 0 || len > MAX_REQUEST) {
      fprintf(stderr, "psv-spawn: bad request header\n");
      exit(2);
    }
    size_t start_at = (size_t)(nl - buf) + 1;
    if (buf_len - start_at < len) break;
    handle_request(buf + start_at, len);
    off = start_at + len;
  }
  memmove(buf, buf + off, buf_len - off);
  buf_len -= off;
}

/*
 * Whether the monitor is gone or on its way: our input closed, this program
 * handed to another parent, or a SIGKILL already sent to the monitor (shared
 * pending from kill(2) until it is reaped, so this holds while a large
 * monitor is still tearing down, before its end of the pipe closes).
 */
static int monitor_going(void) {
  static char *status;
  static size_t status_cap;
  struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
  char path[64], *line;

  if (getppid() != monitor_pid) return 1;
  if (poll(&in, 1, 0) > 0 && (in.revents & (POLLHUP | POLLERR)) != 0) return 1;
  snprintf(path, sizeof path, "/proc/%ld/status", (long)monitor_pid);
  if (read_proc(path, &status, &status_cap) <= 0) return 1;
  line = strstr(status, "\nState:");
  if (line) {
    line += 7 + strspn(line + 7, " \t");
    if (*line == 'Z' || *line == 'X') return 1;
  }
  line = strstr(status, "\nShdPnd:");
  return line && (strtoull(line + 8, NULL, 16) >> (SIGKILL - 1) & 1) != 0;
}

static void reap(void) {
  char line[128];
  int status, used, reaped = 0;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    reaped = 1;
    struct child *c = find_child(pid);
    /* Not a target: something a target left behind, reaped and not reported. */
    if (!c) continue;
    if (WIFEXITED(status)) used = snprintf(line, sizeof line, "X %ld c %d", (long)pid, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) used = snprintf(line, sizeof line, "X %ld s %d", (long)pid, WTERMSIG(status));
    else continue;
    int again = c->armed && now_ms() - c->started_ms >= CRASH_LOOP_MIN_UPTIME_MS;
    keep_ended(c);
    struct spec spec = take_child(c);
    long r = again && !monitor_going() ? launch(spec.data, spec.len) : 0;
    if (r > 0) {
      add_child((pid_t)r, 0, spec);
      snprintf(line + used, sizeof line - (size_t)used, " R %ld", r);
    } else {
      free(spec.data);
      if (r < 0) snprintf(line + used, sizeof line - (size_t)used, " E %ld", -r);
    }
    strcat(line, "\n");
    reply(line);
  }
  /* After the replies: the restart is not held up by the clean-up. */
  if (reaped) kill_leftovers();
}

/* One descriptor per waited-on process: as many as the hard limit allows (a shell's soft limit is often 1024). */
static void raise_fd_limit(void) {
  struct rlimit lim;
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

int main(int argc, char **argv) {
  sigset_t chld;
  struct pollfd *fds;
  size_t fds_cap = 64, n_fds;
  int sfd;

  monitor_pid = argc > 1 ? (pid_t)strtol(argv[1], NULL, 10) : getppid();
  signal(SIGPIPE, SIG_IGN);
  /* Terminal signals are for the monitor; it closes our input when it goes. */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  /* What the targets daemonize comes to us, not to init, when its parent dies. */
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) die("prctl(PR_SET_CHILD_SUBREAPER)");
  /* Gone with the monitor (its targets stay), even when its input is not seen closed. */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) die("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != monitor_pid) return 0;
  raise_fd_limit();
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) die("sigprocmask");
  sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) die("signalfd");

  buf_cap = 64 * 1024;
  buf = malloc(buf_cap);
  fds = malloc(fds_cap * sizeof *fds);
  if (!buf || !fds) die("out of memory");
  reply("R\n");

  for (;;) {
    fds[0].fd = STDIN_FILENO;
    fds[0].events = POLLIN;
    fds[1].fd = sfd;
    fds[1].events = POLLIN;
    n_fds = 2 + watch_fds(&fds, &fds_cap, 2);
    if (poll(fds, n_fds, watch_work()) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    /* Ends of waited-on processes before the requests, which may change the set of waits. */
    watch_ended(fds, 2);
    /* Requests first: a disarm the monitor sent before it killed a target is seen before its exit. */
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (buf_cap - buf_len < 4096) {
        buf_cap *= 2;
        buf = realloc(buf, buf_cap);
        if (!buf) die("out of memory");
      }
      ssize_t n = read(STDIN_FILENO, buf + buf_len, buf_cap - buf_len);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return 0; /* the monitor is gone: leave the targets running */
      buf_len += (size_t)n;
      drain_requests();
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {
      }
    }
    /* Every turn: a spawn may have raced an exit. */
    reap();
  }
}
