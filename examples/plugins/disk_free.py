#!/usr/bin/env python3
# A psv check in Python (docs/plugins.md): unhealthy when the disk that holds
# the target's state folder has less free space than MIN_FREE_MB (argument 1,
# default 500). Exit code 0 healthy, 1 unhealthy, 2 unknown; one JSON line on stdout.
#   probes:
#     - check: [python3, examples/plugins/disk_free.py, "500"]
#       every: 1m
#       onUnhealthy: warn
import json
import os
import shutil
import sys

context = json.load(sys.stdin)  # the same as the PSV_* variables
min_free_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 500
path = context.get("stateDir") or os.environ.get("PSV_STATE_DIR") or "."
try:
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
except OSError as err:
    print(json.dumps({"status": "unknown", "message": f"cannot read {path}: {err}"}))
    sys.exit(2)
healthy = free_mb >= min_free_mb
print(json.dumps({
    "status": "healthy" if healthy else "unhealthy",
    "message": f"{free_mb} MB free on {path} (at least {min_free_mb} MB wanted)",
    "details": {"freeMb": free_mb, "minFreeMb": min_free_mb, "target": context.get("target")},
}))
sys.exit(0 if healthy else 1)
