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
 * stdin, requests, one after another: a decimal byte count and '\n', then that
 * many bytes of NUL-terminated fields, the first naming the request:
 *   S id armed cwd output argc argv[0..argc-1] env...
 *                         start a target (output "" = /dev/null); armed: 1 or 0
 *   A pid                 arm: when pid exits, start it again at once, same spec
 *   D pid ack             disarm; answered with "D <ack>" once done
 * stdout, replies, one line each:
 *   P <id> <pid>          started (exec succeeded)
 *   F <id> <errno>        not started (chdir, exec, fork failed); errno as a number
 *   X <pid> c <code>      a child exited with <code>
 *   X <pid> s <signo>     a child was killed by signal <signo>
 *   ... R <newpid>        appended to X when an armed child was started again
 *   ... E <errno>         appended to X when starting it again failed
 *   D <ack>               a disarm is done: no restart of that pid will follow
 *
 * Arming is one-shot (a restarted child is not armed): the monitor decides
 * under its retry rule, before the failure, that the next exit is to be
 * restarted at once, and arms again after it has counted the restart. The
 * helper never restarts once its input is closed (the monitor is gone).
 *
 * Each target gets its own session (setsid), the output file on stdout and
 * stderr (O_APPEND, created 0666 & umask), /dev/null on stdin, default signal
 * dispositions and an empty signal mask. At end of input (the monitor is gone)
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
#include <sys/signalfd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_REQUEST (16 * 1024 * 1024)

static char *buf;
static size_t buf_len, buf_cap;

/* What a target is started from: its request's fields from cwd on, kept while it runs. */
struct spec {
  char *data;
  size_t len;
};

struct child {
  pid_t pid;
  int armed;
  struct spec spec;
};

static struct child *children;
static size_t n_children, cap_children;

static void die(const char *what) {
  fprintf(stderr, "psv-spawn: %s: %s\n", what, strerror(errno));
  exit(1);
}

static struct child *find_child(pid_t pid) {
  for (size_t i = 0; i < n_children; i++)
    if (children[i].pid == pid) return &children[i];
  return NULL;
}

static void add_child(pid_t pid, int armed, struct spec spec) {
  if (n_children == cap_children) {
    cap_children = cap_children ? cap_children * 2 : 64;
    children = realloc(children, cap_children * sizeof *children);
    if (!children) die("out of memory");
  }
  children[n_children].pid = pid;
  children[n_children].armed = armed;
  children[n_children].spec = spec;
  n_children++;
}

/* Removes the entry (order does not matter) and hands back its spec. */
static struct spec take_child(struct child *c) {
  struct spec spec = c->spec;
  *c = children[--n_children];
  return spec;
}

/* Writes the whole line; the monitor gone (EPIPE) ends this program. */
static void reply(const char *line) {
  size_t len = strlen(line), off = 0;
  while (off < len) {
    ssize_t n = write(STDOUT_FILENO, line + off, len - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      exit(0);
    }
    off += (size_t)n;
  }
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(int err_fd, const char *cwd, const char *out, char **argv, char **envp) {
  sigset_t none;
  struct sigaction dfl;
  int fd, sig;

  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, NULL);
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);

  if (setsid() < 0) goto fail;
  fd = open("/dev/null", O_RDONLY);
  if (fd < 0 || dup2(fd, STDIN_FILENO) < 0) goto fail;
  if (fd != STDIN_FILENO) close(fd);
  fd = -1;
  if (out[0] != '\0') fd = open(out, O_WRONLY | O_APPEND | O_CREAT, 0666);
  if (fd < 0) fd = open("/dev/null", O_WRONLY);
  if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) goto fail;
  if (fd > STDERR_FILENO) close(fd);
  if (cwd[0] != '\0' && chdir(cwd) < 0) goto fail;
  /* PATH is looked up in the target's environment, as Node does. */
  environ = envp;
  execvp(argv[0], argv);
fail:
  sig = errno;
  while (write(err_fd, &sig, sizeof sig) < 0 && errno == EINTR) {
  }
  _exit(127);
}

/*
 * Starts a target from its spec (cwd, output, argc, argv..., env...): its pid,
 * or minus the errno of what failed (EINVAL for a malformed spec).
 */
static long start(const struct spec *spec) {
  char *p = spec->data, *end = spec->data + spec->len;
  char *fields[3], **argv, **envp;
  long argc, envc, i, result;
  int err_pipe[2], err = 0;
  ssize_t n;
  pid_t pid;

  for (i = 0; i < 3; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) return -EINVAL;
    fields[i] = p;
    p = z + 1;
  }
  argc = strtol(fields[2], NULL, 10);
  if (argc < 1 || argc > 100000) return -EINVAL;
  /* No more env entries than NULs left. */
  envc = 0;
  for (char *q = p; q < end; q++) envc += *q == '\0';
  argv = calloc((size_t)argc + 1, sizeof *argv);
  envp = calloc((size_t)envc + 1, sizeof *envp);
  if (!argv || !envp) die("out of memory");
  result = -EINVAL;
  for (i = 0; i < argc; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) goto done;
    argv[i] = p;
    p = z + 1;
  }
  for (i = 0; p < end; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) break;
    envp[i] = p;
    p = z + 1;
  }

  if (pipe2(err_pipe, O_CLOEXEC) < 0) {
    result = -errno;
    goto done;
  }
  pid = fork();
  if (pid < 0) {
    result = -errno;
    close(err_pipe[0]);
    close(err_pipe[1]);
    goto done;
  }
  if (pid == 0) {
    close(err_pipe[0]);
    child(err_pipe[1], fields[0], fields[1], argv, envp);
  }
  close(err_pipe[1]);
  /* Nothing comes back once exec has closed the pipe; an errno when it failed. */
  do n = read(err_pipe[0], &err, sizeof err);
  while (n < 0 && errno == EINTR);
  close(err_pipe[0]);
  if (n == (ssize_t)sizeof err) {
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
    result = -err;
  } else {
    result = pid;
  }
done:
  free(argv);
  free(envp);
  return result;
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
    r = start(&spec);
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

/* Whether the monitor has closed our input: then nothing is restarted any more. */
static int monitor_gone(void) {
  struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
  return poll(&in, 1, 0) > 0 && (in.revents & (POLLHUP | POLLERR)) != 0;
}

static void reap(void) {
  char line[128];
  int status, used;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (WIFEXITED(status)) used = snprintf(line, sizeof line, "X %ld c %d", (long)pid, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) used = snprintf(line, sizeof line, "X %ld s %d", (long)pid, WTERMSIG(status));
    else continue;
    struct child *c = find_child(pid);
    if (c) {
      int armed = c->armed;
      struct spec spec = take_child(c);
      long r = armed && !monitor_gone() ? start(&spec) : 0;
      if (r > 0) {
        add_child((pid_t)r, 0, spec);
        snprintf(line + used, sizeof line - (size_t)used, " R %ld", r);
      } else {
        free(spec.data);
        if (r < 0) snprintf(line + used, sizeof line - (size_t)used, " E %ld", -r);
      }
    }
    strcat(line, "\n");
    reply(line);
  }
}

int main(void) {
  sigset_t chld;
  struct pollfd fds[2];
  int sfd;

  signal(SIGPIPE, SIG_IGN);
  /* Terminal signals are for the monitor; it closes our input when it goes. */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) die("sigprocmask");
  sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) die("signalfd");

  buf_cap = 64 * 1024;
  buf = malloc(buf_cap);
  if (!buf) die("out of memory");
  reply("R\n");

  fds[0].fd = STDIN_FILENO;
  fds[0].events = POLLIN;
  fds[1].fd = sfd;
  fds[1].events = POLLIN;
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
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
