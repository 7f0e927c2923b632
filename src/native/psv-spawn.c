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
 * many bytes of NUL-terminated fields:
 *   id, cwd, output path ("" = /dev/null), argc, argv[0..argc-1], env entries...
 * stdout, replies, one line each:
 *   P <id> <pid>          started (exec succeeded)
 *   F <id> <errno>        not started (chdir, exec, fork failed); errno as a number
 *   X <pid> c <code>      a child exited with <code>
 *   X <pid> s <signo>     a child was killed by signal <signo>
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

static void die(const char *what) {
  fprintf(stderr, "psv-spawn: %s: %s\n", what, strerror(errno));
  exit(1);
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

static void spawn_request(char *p, size_t len) {
  char *end = p + len, line[96];
  char *fields[4] = {NULL, NULL, NULL, NULL}, **argv, **envp;
  long argc, envc, i;
  int err_pipe[2], err = 0;
  ssize_t n;
  pid_t pid;

  for (i = 0; i < 4; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) goto malformed;
    fields[i] = p;
    p = z + 1;
  }
  argc = strtol(fields[3], NULL, 10);
  if (argc < 1 || argc > 100000) goto malformed;
  argv = calloc((size_t)argc + 1, sizeof *argv);
  /* No more env entries than NULs left. */
  envc = 0;
  for (char *q = p; q < end; q++) envc += *q == '\0';
  envp = calloc((size_t)envc + 1, sizeof *envp);
  if (!argv || !envp) die("out of memory");
  for (i = 0; i < argc; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) {
      free(argv);
      free(envp);
      goto malformed;
    }
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
    err = errno;
  } else {
    pid = fork();
    if (pid < 0) {
      err = errno;
    } else if (pid == 0) {
      close(err_pipe[0]);
      child(err_pipe[1], fields[1], fields[2], argv, envp);
    } else {
      close(err_pipe[1]);
      /* Nothing comes back once exec has closed the pipe; an errno when it failed. */
      do n = read(err_pipe[0], &err, sizeof err);
      while (n < 0 && errno == EINTR);
      close(err_pipe[0]);
      if (n == (ssize_t)sizeof err) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
      } else {
        err = 0;
        snprintf(line, sizeof line, "P %s %ld\n", fields[0], (long)pid);
        reply(line);
      }
    }
  }
  if (err) {
    snprintf(line, sizeof line, "F %s %d\n", fields[0], err);
    reply(line);
  }
  free(argv);
  free(envp);
  return;

malformed:
  fprintf(stderr, "psv-spawn: malformed request ignored\n");
  if (fields[0] && strlen(fields[0]) <= 32) {
    snprintf(line, sizeof line, "F %.32s %d\n", fields[0], EINVAL);
    reply(line);
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
    size_t start = (size_t)(nl - buf) + 1;
    if (buf_len - start < len) break;
    spawn_request(buf + start, len);
    off = start + len;
  }
  memmove(buf, buf + off, buf_len - off);
  buf_len -= off;
}

static void reap(void) {
  char line[64];
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (WIFEXITED(status)) snprintf(line, sizeof line, "X %ld c %d\n", (long)pid, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) snprintf(line, sizeof line, "X %ld s %d\n", (long)pid, WTERMSIG(status));
    else continue;
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
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {
      }
      reap();
    }
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
      /* A spawn may have raced an exit: look again before sleeping. */
      reap();
    }
  }
}
