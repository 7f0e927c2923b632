/* The floor for restart latency, in C: one process, N children, and a loop of
 * "waitpid() says a child died -> fork+exec it again" with nothing else in it.
 * usage: floor SCRIPT N   (child i runs: /bin/bash -c SCRIPT t<i>) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *script;

static pid_t start(int i) {
  char id[32];
  snprintf(id, sizeof id, "t%d", i);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    signal(SIGTERM, SIG_DFL);
    execl("/bin/bash", "bash", "-c", script, id, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static void on_term(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: floor SCRIPT N\n"); return 2; }
  script = argv[1];
  int n = atoi(argv[2]);
  pid_t *pids = calloc(n, sizeof *pids);
  signal(SIGTERM, on_term);
  for (int i = 0; i < n; i++) pids[i] = start(i);
  for (;;) {
    int status;
    pid_t dead = waitpid(-1, &status, 0);
    if (dead < 0) { sleep(1); continue; }
    for (int i = 0; i < n; i++)
      if (pids[i] == dead) { pids[i] = start(i); break; }
  }
}
