/* The process tree from /proc, for psv-spawn (see proc-tree.c). */
#ifndef PSV_PROC_TREE_H
#define PSV_PROC_TREE_H

#include <sys/types.h>

/* The variable that names a target's root in the environment of its processes (src/platform/marker.ts). */
#define ROOT_VAR "PSV_ROOT_PID="

/* A growing list of pids. */
struct pids {
  pid_t *v;
  size_t n, cap;
};

void pids_push(struct pids *list, pid_t pid);
/* Reads a whole /proc file into a reused buffer (NUL-terminated); its length, or -1 when it cannot be read. */
ssize_t read_proc(const char *path, char **text, size_t *cap);
/* Appends the children of every thread of `pid`. */
void add_children_of(struct pids *list, pid_t pid);
/* PSV_ROOT_PID of process `pid`: the root's pid, 0 when it has none, -1 when it has exited, is inside an exec or cannot be read. */
long root_of(pid_t pid);
/* Signals the processes in `list` and their descendants once each (see proc-tree.c); live_root(pid): a live target's root. */
void signal_all(struct pids *list, int sig, pid_t group, int (*live_root)(pid_t));

#endif
