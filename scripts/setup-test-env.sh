#!/usr/bin/env bash
# Installs what the test suites need beyond npm packages, on a fresh machine of
# this project's kind (Debian, root): PowerShell 7 and Pester, rsyslog, gdb, wine,
# zip, and an unprivileged user for the access tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-pwsh.sh

# rsyslog: test/syslog.test.ts starts its own rsyslogd (private ports and socket,
# its own config) to receive psv's syslog events. The package's own service is not
# needed and not started here.
if ! command -v rsyslogd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing rsyslog"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog >/dev/null
  else
    echo "setup: rsyslog missing and not root: test/syslog.test.ts will be skipped" >&2
  fi
fi

# gdb: test/incidents.test.ts checks that a hung process's incident holds a core
# file (gcore) and thread stacks; psv falls back to /proc without it.
if ! command -v gdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing gdb"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gdb >/dev/null
  else
    echo "setup: gdb missing and not root: the gcore checks of test/incidents.test.ts will be skipped" >&2
  fi
fi

# wine (64-bit only: node.exe is x64, so no i386 architecture and no wine32) runs
# the Windows executable in test/wine-smoke.test.ts; zip packs the Windows
# release archive (npm run build:exe).
missing=""
command -v wine >/dev/null 2>&1 || missing="wine wine64"
command -v zip >/dev/null 2>&1 || missing="${missing} zip"
if [ -n "${missing}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing${missing:+ }${missing}"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing} >/dev/null
  else
    echo "setup: ${missing} missing and not root: the Wine smoke test will be skipped, build:exe needs zip" >&2
  fi
fi

# python3 runs the NOTIFY_SOCKET helper (src/probes/heartbeat.ts); systemd-notify
# (package systemd, not started here) feeds it in test/notify.test.ts.
missing_notify=""
command -v python3 >/dev/null 2>&1 || missing_notify="$missing_notify python3"
command -v systemd-notify >/dev/null 2>&1 || missing_notify="$missing_notify systemd"
if [ -n "$missing_notify" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing$missing_notify"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing_notify >/dev/null
  else
    echo "setup:$missing_notify missing and not root: parts of test/notify.test.ts will be skipped" >&2
  fi
fi

if [ "$(id -u)" = 0 ] && ! id psvtest >/dev/null 2>&1; then
  echo "setup: creating the unprivileged test user psvtest"
  useradd --system --no-create-home --shell /usr/sbin/nologin psvtest
fi
echo "setup: test environment ready"
