/*
 * psv-notify: serves systemd's NOTIFY_SOCKET for the targets of a psv monitor on
 * Linux, one Unix datagram socket per target, so that a program written for
 * systemd's watchdog (sd_notify, systemd-notify) works under psv unchanged.
 *
 * Why a separate program: Node cannot open Unix datagram sockets, and a native
 * addon cannot be loaded from inside the single executable. This one is carried
 * in it as an asset, like psv-spawn. It is not folded into psv-spawn because
 * the two live differently: psv-spawn runs in a session of its own and leaves
 * the targets running when the monitor goes; this one holds nothing that should
 * outlive the monitor.
 *
 * Usage: psv-notify MONITOR_PID. It exits at once when its parent is not that
 * pid, at end of input, and (PR_SET_PDEATHSIG) when the monitor dies.
 *
 * stdin, one request a line, fields separated by tabs:
 *   bind NAME PATH      bind NAME's socket at PATH (a stale socket file there is replaced)
 *   unbind NAME         close it and remove its file
 * stdout, one JSON object a line:
 *   {"ready":true}                          once, at start
 *   {"bound":NAME}                          bind done
 *   {"error":NAME,"message":TEXT}           bind failed
 *   {"m":NAME,"d":TEXT,"pid":PID|null,"uid":UID|null,"up":[[PID,UID],...]}
 *                                           a datagram, with its sender as the kernel
 *                                           gives it (SCM_CREDENTIALS: pid, real uid)
 *                                           and the sender's parents (parent first, up
 *                                           to pid 1, read from /proc/PID/status)
 * At end of input every socket file is removed.
 *
 * Who may send: a socket file is made writable by every user (0666), so that a
 * target running as any user can reach it; psv decides per datagram from the
 * kernel's credentials and the parents listed here (probes/notify-access.ts).
 * The parents are read at once, before the next datagram is read: a sender
 * that waits for its message to be handled (sd_notify_barrier, which
 * systemd-notify uses) is still there. Descriptors that come with a datagram
 * (the barrier's pipe) are closed only after that, which ends the wait.
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "io.h"

#define MAX_DATAGRAM 65536
#define MAX_LINE (64 * 1024)
/* As many descriptors as one message can carry: closed, never kept. */
#define MAX_FDS 253
/* How many parents of a sender are listed: deeper than any real process tree. */
#define MAX_PARENTS 64

struct sock {
  char *name;
  char *path;
  int fd;
};

static struct sock *socks;
static size_t n_socks, cap_socks;

/* Output is built here and written whole, one line at a time. */
static char *out;
static size_t out_len, out_cap;

static void put(const char *s, size_t len) {
  if (out_len + len > out_cap) {
    while (out_len + len > out_cap) out_cap = out_cap ? out_cap * 2 : 4096;
    out = realloc(out, out_cap);
    if (!out) exit(1);
  }
  memcpy(out + out_len, s, len);
  out_len += len;
}

static void put_str(const char *s) {
  put(s, strlen(s));
}

/* A JSON string; bytes that are not valid text arrive as they are and Node replaces them. */
static void put_json(const char *s, size_t len) {
  char esc[8];
  put("\"", 1);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      put(esc, 2);
    } else if (c < 0x20 || c == 0x7f) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      put(esc, 6);
    } else {
      put((const char *)&s[i], 1);
    }
  }
  put("\"", 1);
}

/* Writes the line built so far; the monitor gone (EPIPE) ends this program. */
static void flush_line(void) {
  put("\n", 1);
  write_all_or_exit(out, out_len);
  out_len = 0;
}

static struct sock *find(const char *name) {
  for (size_t i = 0; i < n_socks; i++) {
    if (strcmp(socks[i].name, name) == 0) return &socks[i];
  }
  return NULL;
}

static void unbind(const char *name) {
  struct sock *s = find(name);
  if (!s) return;
  close(s->fd);
  unlink(s->path);
  free(s->name);
  free(s->path);
  *s = socks[--n_socks];
}

static void bind_failed(const char *name, const char *what, int err) {
  put_str("{\"error\":");
  put_json(name, strlen(name));
  put_str(",\"message\":");
  char text[512];
  snprintf(text, sizeof text, "%s: %s", what, strerror(err));
  put_json(text, strlen(text));
  put_str("}");
  flush_line();
}

static void bind_socket(const char *name, const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  struct stat st;
  int one = 1, fd;

  unbind(name);
  if (strlen(path) >= sizeof addr.sun_path) {
    bind_failed(name, "path too long", ENAMETOOLONG);
    return;
  }
  strcpy(addr.sun_path, path);
  /* A socket file left by an earlier monitor is stale; anything else there is not ours to remove. */
  if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) unlink(path);
  fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    bind_failed(name, "socket", errno);
    return;
  }
  if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int err = errno;
    close(fd);
    bind_failed(name, "bind", err);
    return;
  }
  /* Open to every user: the sender is checked per datagram, not by the file's mode. */
  if (chmod(path, 0666) < 0) {
    int err = errno;
    close(fd);
    unlink(path);
    bind_failed(name, "chmod", err);
    return;
  }
  if (n_socks == cap_socks) {
    cap_socks = cap_socks ? cap_socks * 2 : 16;
    socks = realloc(socks, cap_socks * sizeof *socks);
    if (!socks) exit(1);
  }
  socks[n_socks].name = strdup(name);
  socks[n_socks].path = strdup(path);
  socks[n_socks].fd = fd;
  if (!socks[n_socks].name || !socks[n_socks].path) exit(1);
  n_socks++;
  put_str("{\"bound\":");
  put_json(name, strlen(name));
  put_str("}");
  flush_line();
}

/* The parent pid and real uid of `pid` from /proc/PID/status; 0 when it is gone. */
static int parent_of(long pid, long *ppid, long *uid) {
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%ld/status", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char *p = strstr(buf, "\nPPid:"), *u = strstr(buf, "\nUid:");
  if (!p || !u) return 0;
  *ppid = strtol(p + 6, NULL, 10);
  *uid = strtol(u + 5, NULL, 10);
  return 1;
}

/* The sender's parents, parent first, as a JSON list of [pid, uid]. */
static void put_parents(long pid) {
  char pair[64];
  long parent, uid, next;
  put_str("[");
  if (pid > 0 && parent_of(pid, &parent, &uid)) {
    for (int i = 0; parent > 0 && i < MAX_PARENTS; i++) {
      if (!parent_of(parent, &next, &uid)) break;
      snprintf(pair, sizeof pair, "%s[%ld,%ld]", i ? "," : "", parent, uid);
      put_str(pair);
      parent = next;
    }
  }
  put_str("]");
}

/* Reads every datagram waiting on `s`. */
static void receive(struct sock *s) {
  static char data[MAX_DATAGRAM];
  union {
    char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(MAX_FDS * sizeof(int))];
    struct cmsghdr align;
  } control;
  for (;;) {
    struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
    ssize_t n = recvmsg(s->fd, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) return; /* EAGAIN: drained; anything else: try again on the next wake-up */
    long pid = -1, uid = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
        struct ucred cred;
        memcpy(&cred, CMSG_DATA(c), sizeof cred);
        pid = (long)cred.pid;
        uid = (long)cred.uid;
      }
    }
    char num[32];
    put_str("{\"m\":");
    put_json(s->name, strlen(s->name));
    put_str(",\"d\":");
    put_json(data, (size_t)n);
    put_str(",\"pid\":");
    if (pid > 0) snprintf(num, sizeof num, "%ld", pid);
    else strcpy(num, "null");
    put_str(num);
    put_str(",\"uid\":");
    if (uid >= 0) snprintf(num, sizeof num, "%ld", uid);
    else strcpy(num, "null");
    put_str(num);
    put_str(",\"up\":");
    put_parents(pid);
    put_str("}");
    flush_line();
    /* Only now: closing a barrier's descriptor tells its sender that what came before was handled. */
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < count; i++) {
        int fd;
        memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
        close(fd);
      }
    }
  }
}

static void request(char *line) {
  char *kind = strtok(line, "\t");
  char *name = strtok(NULL, "\t");
  char *path = strtok(NULL, "\t");
  if (!kind || !name) return;
  if (strcmp(kind, "bind") == 0 && path) bind_socket(name, path);
  else if (strcmp(kind, "unbind") == 0) unbind(name);
}

int main(int argc, char **argv) {
  static char in[MAX_LINE];
  size_t in_len = 0;

  if (argc < 2) {
    fprintf(stderr, "usage: psv-notify MONITOR_PID\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  /* Terminal signals are for the monitor; it closes our input when it goes. */
  signal(SIGINT, SIG_IGN);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != (pid_t)strtol(argv[1], NULL, 10)) return 0;
  put_str("{\"ready\":true}");
  flush_line();

  for (;;) {
    struct pollfd *fds = calloc(n_socks + 1, sizeof *fds);
    if (!fds) return 1;
    size_t n = n_socks;
    fds[0].fd = STDIN_FILENO;
    fds[0].events = POLLIN;
    for (size_t i = 0; i < n; i++) {
      fds[i + 1].fd = socks[i].fd;
      fds[i + 1].events = POLLIN;
    }
    if (poll(fds, n + 1, -1) < 0) {
      free(fds);
      if (errno == EINTR) continue;
      return 1;
    }
    /* Datagrams first, by fd: a request below may unbind (and reorder) the sockets. */
    for (size_t i = 0; i < n; i++) {
      if (!(fds[i + 1].revents & POLLIN)) continue;
      for (size_t j = 0; j < n_socks; j++) {
        if (socks[j].fd == fds[i + 1].fd) receive(&socks[j]);
      }
    }
    int input = fds[0].revents & (POLLIN | POLLHUP | POLLERR);
    free(fds);
    if (!input) continue;
    ssize_t got = read(STDIN_FILENO, in + in_len, sizeof in - in_len);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    in_len += (size_t)got;
    char *start = in, *nl;
    while ((nl = memchr(start, '\n', in_len - (size_t)(start - in)))) {
      *nl = '\0';
      request(start);
      start = nl + 1;
    }
    in_len -= (size_t)(start - in);
    memmove(in, start, in_len);
    /* A line longer than the buffer is no request psv sends: dropped. */
    if (in_len == sizeof in) in_len = 0;
  }
  while (n_socks > 0) unbind(socks[0].name);
  return 0;
}
