/* Output of psv's native helpers to the monitor. */
#ifndef PSV_IO_H
#define PSV_IO_H
#include <stddef.h>

/* Writes all of [data, data+len) to stdout; the monitor gone (EPIPE) ends the program. */
void write_all_or_exit(const char *data, size_t len);

#endif
