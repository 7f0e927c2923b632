#!/usr/bin/env bash
# Installs what the test suites need beyond npm packages, on a fresh machine of
# this project's kind (Debian, root): PowerShell 7 and Pester, and an
# unprivileged user for the access tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-pwsh.sh

if [ "$(id -u)" = 0 ] && ! id psvtest >/dev/null 2>&1; then
  echo "setup: creating the unprivileged test user psvtest"
  useradd --system --no-create-home --shell /usr/sbin/nologin psvtest
fi
echo "setup: test environment ready"
