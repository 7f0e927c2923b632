/*
 * Starting one target for psv-spawn: fork, then in the child the target's
 * session, limits, nice value, standard streams, user and groups, umask,
 * working folder, root variable and exec.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"
#include "proc-tree.h"

extern char **environ;

#define MAX_GROUPS 256
#define MAX_LIMITS 16

/*
 * How the target runs, from the spec's `run` field (parsed before fork, so
 * that the child only makes system calls): words separated by spaces,
 *   u<uid> g<gid> G<gid>,<gid>,... m<octal umask> n<nice> l<name>=<soft>:<hard>
 * a limit value being decimal or "inf". An empty field changes nothing.
 */
struct run_as {
  int has_uid, has_gid, has_groups, has_umask, has_nice;
  uid_t uid;
  gid_t gid;
  gid_t groups[MAX_GROUPS];
  size_t n_groups;
  mode_t umask;
  int nice;
  struct {
    int resource;
    struct rlimit lim;
  } limits[MAX_LIMITS];
  size_t n_limits;
};

/* The resources by the names ulimit and limits.conf use (the config's limits keys). */
static const struct {
  const char *name;
  int resource;
} RESOURCES[] = {
    {"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC},     {"core", RLIMIT_CORE},     {"as", RLIMIT_AS},
    {"data", RLIMIT_DATA},     {"fsize", RLIMIT_FSIZE},     {"memlock", RLIMIT_MEMLOCK}, {"stack", RLIMIT_STACK},
    {"cpu", RLIMIT_CPU},       {"rss", RLIMIT_RSS},         {"msgqueue", RLIMIT_MSGQUEUE}, {"sigpending", RLIMIT_SIGPENDING},
    {"locks", RLIMIT_LOCKS},   {"nice", RLIMIT_NICE},       {"rtprio", RLIMIT_RTPRIO}, {"rttime", RLIMIT_RTTIME},
};

static int limit_value(const char *text, char **end, rlim_t *out) {
  if (strncmp(text, "inf", 3) == 0) {
    *out = RLIM_INFINITY;
    *end = (char *)text + 3;
    return 0;
  }
  errno = 0;
  unsigned long long v = strtoull(text, end, 10);
  if (errno || *end == text) return -1;
  *out = (rlim_t)v;
  return 0;
}

/* 0, or -1 for a word it does not understand (the monitor and this program disagree). */
static int parse_run_as(const char *text, struct run_as *r) {
  memset(r, 0, sizeof *r);
  while (*text) {
    char *end;
    const char *word = text;
    if (*text == ' ') {
      text++;
      continue;
    }
    errno = 0;
    switch (*word) {
      case 'u':
        r->has_uid = 1;
        r->uid = (uid_t)strtoul(word + 1, &end, 10);
        break;
      case 'g':
        r->has_gid = 1;
        r->gid = (gid_t)strtoul(word + 1, &end, 10);
        break;
      case 'm':
        r->has_umask = 1;
        r->umask = (mode_t)strtoul(word + 1, &end, 8) & 0777;
        break;
      case 'n':
        r->has_nice = 1;
        r->nice = (int)strtol(word + 1, &end, 10);
        break;
      case 'G':
        r->has_groups = 1;
        end = (char *)word + 1;
        while (*end && *end != ' ') {
          if (r->n_groups == MAX_GROUPS) return -1;
          r->groups[r->n_groups++] = (gid_t)strtoul(end, &end, 10);
          if (*end == ',') end++;
          else if (*end && *end != ' ') return -1;
        }
        break;
      case 'l': {
        const char *eq = strchr(word, '=');
        size_t i, n = eq ? (size_t)(eq - word - 1) : 0;
        if (!eq || r->n_limits == MAX_LIMITS) return -1;
        for (i = 0; i < sizeof RESOURCES / sizeof *RESOURCES; i++) {
          if (strlen(RESOURCES[i].name) == n && strncmp(RESOURCES[i].name, word + 1, n) == 0) break;
        }
        if (i == sizeof RESOURCES / sizeof *RESOURCES) return -1;
        r->limits[r->n_limits].resource = RESOURCES[i].resource;
        if (limit_value(eq + 1, &end, &r->limits[r->n_limits].lim.rlim_cur) < 0 || *end != ':') return -1;
        if (limit_value(end + 1, &end, &r->limits[r->n_limits].lim.rlim_max) < 0) return -1;
        r->n_limits++;
        break;
      }
      default:
        return -1;
    }
    if (errno || (*end && *end != ' ')) return -1;
    text = end;
  }
  return 0;
}

/*
 * In the child, between fork and exec: only async-signal-safe calls. The
 * target's root variable goes into envp[root_slot]: `root_var` holds
 * ROOT_VAR and room for the digits, which are this process's pid.
 */
static void child(int err_fd, const char *cwd, const char *out, const struct run_as *run, char **argv, char **envp, char *root_var, long root_slot) {
  sigset_t none;
  struct sigaction dfl;
  int fd, sig;
  char digits[24];
  int n = 0;
  long pid = (long)getpid();
  char *at = root_var + sizeof ROOT_VAR - 1;

  do digits[n++] = (char)('0' + pid % 10);
  while ((pid /= 10) > 0);
  while (n > 0) *at++ = digits[--n];
  *at = '\0';
  envp[root_slot] = root_var;

  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, NULL);
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);

  if (setsid() < 0) goto fail;
  /* While still the monitor's user: raising a hard limit or a negative nice needs root. */
  for (size_t i = 0; i < run->n_limits; i++) {
    if (setrlimit(run->limits[i].resource, &run->limits[i].lim) < 0) goto fail;
  }
  if (run->has_nice && setpriority(PRIO_PROCESS, 0, run->nice) < 0) goto fail;
  fd = open("/dev/null", O_RDONLY);
  if (fd < 0 || dup2(fd, STDIN_FILENO) < 0) goto fail;
  if (fd != STDIN_FILENO) close(fd);
  fd = -1;
  if (out[0] != '\0') fd = open(out, O_WRONLY | O_APPEND | O_CREAT, 0666);
  if (fd < 0) fd = open("/dev/null", O_WRONLY);
  if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) goto fail;
  if (fd > STDERR_FILENO) close(fd);
  /*
   * The log was opened above, as the monitor's user: it stays psv's file (its
   * folder need not be the target's, and psv rotates it), and the target
   * writes to the descriptor it inherits. Groups before the group, the group
   * before the user: once the user is set, neither may change.
   */
  if (run->has_groups && setgroups(run->n_groups, run->groups) < 0) goto fail;
  if (run->has_gid && setresgid(run->gid, run->gid, run->gid) < 0) goto fail;
  if (run->has_uid && setresuid(run->uid, run->uid, run->uid) < 0) goto fail;
  if (run->has_umask) umask(run->umask);
  /* As the target's user: a folder it may not enter fails its start (EACCES), as it would under systemd. */
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
 * Starts a target from its spec (cwd, output, run, argc, argv..., env...): its pid,
 * or minus the errno of what failed (EINVAL for a malformed spec).
 */
long launch(char *data, size_t len) {
  char *p = data, *end = data + len;
  char *fields[4], **argv, **envp;
  struct run_as run;
  char root_var[sizeof ROOT_VAR + 24] = ROOT_VAR;
  long argc, envc, i, result, root_slot;
  int err_pipe[2], err = 0;
  ssize_t n;
  pid_t pid;

  for (i = 0; i < 4; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) return -EINVAL;
    fields[i] = p;
    p = z + 1;
  }
  if (parse_run_as(fields[2], &run) < 0) return -EINVAL;
  argc = strtol(fields[3], NULL, 10);
  if (argc < 1 || argc > 100000) return -EINVAL;
  /* No more env entries than NULs left, and one more for the root variable. */
  envc = 0;
  for (char *q = p; q < end; q++) envc += *q == '\0';
  argv = calloc((size_t)argc + 1, sizeof *argv);
  envp = calloc((size_t)envc + 2, sizeof *envp);
  if (!argv || !envp) {
    fprintf(stderr, "psv-spawn: out of memory\n");
    exit(1);
  }
  result = -EINVAL;
  for (i = 0; i < argc; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) goto done;
    argv[i] = p;
    p = z + 1;
  }
  /* An inherited root variable (psv under psv) is replaced, not doubled. */
  root_slot = -1;
  for (i = 0; p < end; i++) {
    char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z) break;
    if (root_slot < 0 && strncmp(p, ROOT_VAR, sizeof ROOT_VAR - 1) == 0) root_slot = i;
    envp[i] = p;
    p = z + 1;
  }
  if (root_slot < 0) root_slot = i;

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
    child(err_pipe[1], fields[0], fields[1], &run, argv, envp, root_var, root_slot);
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
