/* Waits on the end of processes psv-spawn did not start, through pidfds (see pid-watch.c). */
#ifndef PSV_PID_WATCH_H
#define PSV_PID_WATCH_H
#include <poll.h>
#include <sys/types.h>

/* Starts a wait on process `pid` whose start time (field 22 of /proc/PID/stat) is `token`; replies as pid-watch.c says. */
void watch_start(pid_t pid, const char *token);
/* Drops the wait on `pid` with `token` (nothing when there is none). */
void watch_stop(pid_t pid, const char *token);
/* How many descriptors the waits add to the poll set, and fills them in at `fds`. */
size_t watch_fds(struct pollfd **fds, size_t *cap, size_t from);
/* After a poll: reports and drops every wait whose process has ended (`fds` from `from` on, as watch_fds filled it). */
void watch_ended(const struct pollfd *fds, size_t from);
#endif
