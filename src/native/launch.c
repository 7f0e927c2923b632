/*
 * Starting one target for psv-spawn: fork, then in the child the target's
 * session, standard streams, working folder, root variable and exec.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"
#include "proc-tree.h"

extern char **environ;

/*
 * In the child, between fork and exec: only async-signal-safe calls. The
 * target's root variable goes into envp[root_slot]: `root_var` holds
 * ROOT_VAR and room for the digits, which are this process's pid.
 */
static void child(int err_fd, const char *cwd, const char *out, char **argv, char **envp, char *root_var, long root_slot) {
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
long launch(char *data, size_t len) {
  char *p = data, *end = data + len;
  char *fields[3], **argv, **envp;
  char root_var[sizeof ROOT_VAR + 24] = ROOT_VAR;
  long argc, envc, i, result, root_slot;
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
    child(err_pipe[1], fields[0], fields[1], argv, envp, root_var, root_slot);
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
