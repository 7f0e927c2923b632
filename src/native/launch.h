/* Starting one target, for psv-spawn (see launch.c). */
#ifndef PSV_LAUNCH_H
#define PSV_LAUNCH_H

#include <stddef.h>

/*
 * Starts a target from its spec: NUL-terminated fields cwd, output, run, argc,
 * argv..., env... (see psv-spawn.c). Its pid, or minus the errno of what
 * failed (EINVAL for a malformed spec). `data` must stay as it is while the call runs.
 */
long launch(char *data, size_t len);

#endif
