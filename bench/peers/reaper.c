/* Runs a command as a child subreaper that reaps every orphan at once, the way
 * a real init (systemd) does. Monit's start program backgrounds the target and
 * exits, so a killed target is an orphan: on this machine's pid 1 it stays a
 * zombie for up to a second, which Monit counts as "running (zombie)" and
 * restarts a cycle late. Under this wrapper it is reaped as it dies.
 * usage: reaper COMMAND [ARGS...]   exits when COMMAND exits; SIGTERM is passed on. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t main_child;
static void forward(int sig) { if (main_child > 0) kill(main_child, sig); }

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: reaper COMMAND [ARGS...]\n"); return 2; }
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  main_child = fork();
  if (main_child == 0) { execvp(argv[1], argv + 1); _exit(127); }
  signal(SIGTERM, forward);
  signal(SIGINT, forward);
  for (;;) {
    int status;
    pid_t dead = waitpid(-1, &status, 0);
    if (dead < 0) { if (errno == EINTR) continue; return 0; }
    if (dead == main_child) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
}
