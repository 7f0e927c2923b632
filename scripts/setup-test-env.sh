#!/usr/bin/env bash
# Installs what the test suites need beyond npm packages, on a fresh machine of
# this project's kind (Debian, root): PowerShell 7 and Pester, rsyslog, and an
# unprivileged user for the access tests. Idempotent.
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

if [ "$(id -u)" = 0 ] && ! id psvtest >/dev/null 2>&1; then
  echo "setup: creating the unprivileged test user psvtest"
  useradd --system --no-create-home --shell /usr/sbin/nologin psvtest
fi
echo "setup: test environment ready"
