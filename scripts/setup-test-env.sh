#!/usr/bin/env bash
# Installs what the test suites need beyond npm packages, on a fresh machine of
# this project's kind (Debian, root): PowerShell 7 and Pester, Debian packages
# for the system tests, and an unprivileged user for the access tests.
# Idempotent: what is there already is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-pwsh.sh

# Debian packages, each for the tests named:
#   rsyslog        test/syslog.test.ts starts its own rsyslogd (private ports, socket, config);
#                  the package's service is not started
#   gdb            test/incidents.test.ts, test/stall.test.ts: core files and thread stacks of hung processes
#   wine wine64    test/wine-smoke.test.ts runs out/psv.exe (64-bit only: no i386, no wine32)
#   zip            npm run build:exe packs the Windows release archive
#   unzip          test/wine-archive.test.ts unpacks it
#   python3        test/notify.test.ts sends datagrams to NOTIFY_SOCKET the way libsystemd does
#   systemd        systemd-notify for test/notify.test.ts and test/stall.test.ts (not started)
#   gcc libc6-dev  npm run build compiles the helpers src/native/psv-spawn.c and psv-notify.c (and the benchmark its C floor)
#   gcc-mingw-w64-x86-64  npm run build and build:exe cross-compile the Windows helper src/native/psv-win.c (psv-win.exe)
#   resource-agents  ocf-tester for test/ocf-agent.test.ts (and ocf-shellfuncs, ocf:heartbeat:Dummy)
#   corosync pacemaker pacemaker-cli-utils crmsh  npm run test:cluster (test/cluster/pacemaker.ts) runs a
#                  two-node cluster in network namespaces of its own; the packages' services are not started
#   iproute2 util-linux  ip netns, unshare and nsenter for that cluster
#   libxml2-utils  xmllint, with which ocf-tester checks the agent's meta-data
#   postgresql     test/postgres.test.ts runs a real PostgreSQL as its own user under psv (initdb
#                  into the test's folder, a private port on 127.0.0.1; the package's service is not started)
#   chromium       the console's browser tests (playwright-core drives Debian's Chromium, no download)
#   openssh-server PowerShell remoting over SSH on loopback (the test starts its own sshd)
#   prometheus     the metrics test scrapes psv with a real Prometheus on loopback
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("${@:2}"); }
need rsyslogd rsyslog
need gdb gdb
need wine wine wine64
need zip zip
need unzip unzip
need python3 python3
need systemd-notify systemd
need cc gcc libc6-dev
[ -e /usr/include/stdio.h ] || missing+=(libc6-dev)
need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
need ocf-tester resource-agents
need corosync corosync
need pacemakerd pacemaker
need crm_mon pacemaker-cli-utils
need crm crmsh
need ip iproute2
need nsenter util-linux
need xmllint libxml2-utils
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
need chromium chromium
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
need prometheus prometheus
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]} and not root: the tests that need them are skipped" >&2
  fi
fi

if [ "$(id -u)" = 0 ] && ! id psvtest >/dev/null 2>&1; then
  echo "setup: creating the unprivileged test user psvtest"
  useradd --system --no-create-home --shell /usr/sbin/nologin psvtest
fi
# A second unprivileged user: what one unprivileged user may do, another must not.
if [ "$(id -u)" = 0 ] && ! id psvtest2 >/dev/null 2>&1; then
  echo "setup: creating the second unprivileged test user psvtest2"
  useradd --system --no-create-home --shell /usr/sbin/nologin psvtest2
fi
echo "setup: test environment ready"
