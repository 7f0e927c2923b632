/* Output of psv's native helpers to the monitor (see io.h). */
#include "io.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

void write_all_or_exit(const char *data, size_t len) {
  size_t off = 0;
  while (off < len) {
    ssize_t n = write(STDOUT_FILENO, data + off, len - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      exit(0);
    }
    off += (size_t)n;
  }
}
