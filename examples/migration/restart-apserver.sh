#!/bin/sh
# The restart script of the example, as ProcessSaver runs one: it starts the AP
# server itself, in the background, and returns. psv passes PSV_TARGET, PSV_PID,
# PSV_REASON and PSV_EXIT_CODE.
cd "$(dirname "$0")" || exit 1
echo "$(date '+%F %T') restart of $PSV_TARGET (pid $PSV_PID: $PSV_REASON)" >> restart.log
nohup ./apserver.sh > /dev/null 2>&1 &
exit 0
