#!/usr/bin/env bash
# Prepares the Wine prefix that the Windows smoke test (test/wine-smoke.test.ts)
# and bench/startup.mjs run psv.exe in, and prints its path. The first wineboot
# takes seconds, so the prefix is kept in .tools/wine (git-ignored) and reused.
# Node 22 refuses Windows 7, Wine's default, so the prefix claims Windows 10.
# Mono and Gecko are not installed (they would need the internet; psv needs neither).
#   WINEPREFIX=DIR   prepare that prefix instead
# Exits 3 when wine is not installed (bash scripts/setup-test-env.sh installs it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WINEPREFIX="${WINEPREFIX:-${ROOT}/.tools/wine}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
READY="${WINEPREFIX}/.psv-ready"

if [ -f "${READY}" ]; then echo "${WINEPREFIX}"; exit 0; fi
command -v wine >/dev/null 2>&1 || { echo "wine-prefix: wine is not installed (bash scripts/setup-test-env.sh installs it)" >&2; exit 3; }

mkdir -p "$(dirname "${WINEPREFIX}")"
# Several test files may ask at once: one prepares, the others wait.
exec 9>"${WINEPREFIX}.lock"
flock 9
if [ ! -f "${READY}" ]; then
  echo "wine-prefix: creating ${WINEPREFIX} (once)" >&2
  # wineboot now and then fails on a busy machine (a CI run saw it once): start over, a few times.
  for try in 1 2 3; do
    if wineboot --init >/dev/null 2>&1 &&
      wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1 &&
      wineserver -w; then
      break
    fi
    [ "${try}" = 3 ] && { echo "wine-prefix: cannot create ${WINEPREFIX}" >&2; exit 1; }
    echo "wine-prefix: wineboot failed (try ${try}); trying again" >&2
    wineserver -k >/dev/null 2>&1 || true
    wineserver -w >/dev/null 2>&1 || true
  done
  touch "${READY}"
fi
echo "${WINEPREFIX}"
