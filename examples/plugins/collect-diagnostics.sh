#!/bin/sh
# A psv action (docs/plugins.md) that adds the failed process's own
# diagnostics to the incident folder before psv restarts it:
#   on:
#     StallDetected:
#       - run: [examples/plugins/collect-diagnostics.sh]
#         wait: true      # psv restarts the target only after this
#         timeout: 20s
# Without an incident (analysis off) it writes into the state folder.
set -u
dir="${PSV_INCIDENT_DIR:-${PSV_STATE_DIR:-.}}"
out="$dir/diagnostics-${PSV_TARGET:-unknown}.txt"
{
  echo "target: ${PSV_TARGET:-} pid: ${PSV_PID:-} event: ${PSV_EVENT:-} at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [ -n "${PSV_PID:-}" ] && [ -d "/proc/$PSV_PID" ]; then
    echo "--- status"; cat "/proc/$PSV_PID/status"
    echo "--- open files"; ls -l "/proc/$PSV_PID/fd" 2>&1
    echo "--- limits"; cat "/proc/$PSV_PID/limits"
  else
    echo "the process is gone"
  fi
  echo "--- memory"; free -m 2>&1
  echo "--- sockets"; (ss -tanp 2>/dev/null || netstat -tan 2>/dev/null) | head -200
} > "$out" 2>&1
echo "wrote $out"
