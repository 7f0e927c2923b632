#!/usr/bin/env bash
# Installs the PowerShell test toolchain for powershell/Psv:
#   - PowerShell 7.6.9 as a dotnet global tool (~/.dotnet/tools/pwsh)
#   - the Pester 5.7.1 module into .tools/Modules/Pester/5.7.1/ (project-local, git-ignored)
# Idempotent and non-interactive: run it as `bash scripts/setup-pwsh.sh` from anywhere.
# Needs only the .NET SDK (dotnet) and NuGet access; curl and unzip are used when present.
set -euo pipefail

PWSH_VERSION="7.6.9"
PESTER_VERSION="5.7.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${HOME}/.dotnet/tools"
PWSH="${TOOLS_DIR}/pwsh"
MODULES_DIR="${ROOT}/.tools/Modules"
PESTER_DIR="${MODULES_DIR}/Pester/${PESTER_VERSION}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off

step() { echo "setup-pwsh: $*"; }
die() { echo "setup-pwsh: ERROR: $*" >&2; exit 1; }

WORK=""
cleanup() { if [ -n "${WORK}" ]; then rm -rf "${WORK}"; fi; }
trap cleanup EXIT

command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET SDK) is not on PATH; it is needed to install PowerShell"

# The pwsh apphost looks for the .NET runtime via DOTNET_ROOT or a default folder
# (/usr/share/dotnet here); point it at the SDK's own folder when that is elsewhere.
if [ -z "${DOTNET_ROOT:-}" ]; then
  dotnet_dir="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  if [ -d "${dotnet_dir}/shared/Microsoft.NETCore.App" ]; then
    export DOTNET_ROOT="${dotnet_dir}"
  fi
fi

installed_pwsh_version() {
  # Prints e.g. "7.6.9", or nothing when pwsh is missing or broken.
  [ -x "${PWSH}" ] || return 0
  # `pwsh --version` prints "PowerShell 7.6.9" and starts much faster than a -Command.
  "${PWSH}" --version 2>/dev/null | tr -d '\r' | sed -n 's/^PowerShell[[:space:]]*//p' | tail -n 1 || true
}

# --- 1. PowerShell -----------------------------------------------------------
current="$(installed_pwsh_version)"
if [ "${current}" = "${PWSH_VERSION}" ]; then
  step "PowerShell ${PWSH_VERSION} already installed"
else
  if [ -n "${current}" ]; then
    step "PowerShell ${current} found, replacing it with ${PWSH_VERSION}"
  else
    step "installing PowerShell ${PWSH_VERSION} (dotnet global tool)"
  fi
  if dotnet tool list --global 2>/dev/null | awk 'NR>2 {print tolower($1)}' | grep -qx powershell; then
    dotnet tool uninstall --global PowerShell >/dev/null 2>&1 \
      || die "could not uninstall the existing PowerShell dotnet tool"
  fi
  if ! out="$(dotnet tool install --global PowerShell --version "${PWSH_VERSION}" 2>&1)"; then
    echo "${out}" >&2
    die "dotnet tool install --global PowerShell --version ${PWSH_VERSION} failed"
  fi
  current="$(installed_pwsh_version)"
  [ "${current}" = "${PWSH_VERSION}" ] \
    || die "after install, ${PWSH} reports version '${current:-<none>}' instead of ${PWSH_VERSION}"
  step "PowerShell ${PWSH_VERSION} installed"
fi

# --- 2. Pester ---------------------------------------------------------------
pester_ok() {
  [ -f "${PESTER_DIR}/Pester.psd1" ] && [ -f "${PESTER_DIR}/Pester.psm1" ] \
    && grep -Eq "ModuleVersion[[:space:]]*=[[:space:]]*'${PESTER_VERSION}'" "${PESTER_DIR}/Pester.psd1"
}

# The first enabled http(s) NuGet source from the dotnet config (nuget.org or its mirror).
nuget_source() {
  dotnet nuget list source --format Detailed 2>/dev/null | awk '
    /\[Enabled\]/ { enabled = 1; next }
    /\[Disabled\]/ { enabled = 0; next }
    enabled && $1 ~ /^https?:\/\// { print $1; exit }'
}

# Way 1: curl against the source's v3 flat container (PackageBaseAddress).
fetch_with_curl() {
  local dest="$1" source index base id
  command -v curl >/dev/null 2>&1 || return 1
  source="$(nuget_source)"
  [ -n "${source}" ] || return 1
  index="$(curl -fsSL --retry 2 --max-time 60 "${source}")" || return 1
  # Find the "@id" of the resource whose "@type" is PackageBaseAddress/3.0.0.
  base="$(printf '%s' "${index}" | tr -d '\n' | grep -o '{[^{}]*}' \
    | grep '"PackageBaseAddress/3\.0\.0"' | grep -o '"@id"[[:space:]]*:[[:space:]]*"[^"]*"' \
    | head -n 1 | sed -E 's/.*"([^"]*)"$/\1/')"
  [ -n "${base}" ] || return 1
  id="pester"
  curl -fsSL --retry 2 --max-time 300 -o "${dest}" \
    "${base%/}/${id}/${PESTER_VERSION}/${id}.${PESTER_VERSION}.nupkg" || return 1
}

# Way 2: dotnet restore of a throwaway project with a PackageDownload item.
fetch_with_dotnet() {
  local dest="$1" proj="${WORK}/restore"
  mkdir -p "${proj}"
  cat >"${proj}/fetch.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" /></ItemGroup>
</Project>
EOF
  dotnet restore "${proj}/fetch.csproj" --packages "${proj}/packages" >"${proj}/restore.log" 2>&1 \
    || { cat "${proj}/restore.log" >&2; return 1; }
  cp "${proj}/packages/pester/${PESTER_VERSION}/pester.${PESTER_VERSION}.nupkg" "${dest}" || return 1
}

extract_nupkg() {
  local nupkg="$1" out="$2"
  mkdir -p "${out}"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "${nupkg}" -d "${out}" || return 1
  else
    cp "${nupkg}" "${WORK}/pkg.zip"
    "${PWSH}" -NoProfile -NonInteractive -Command \
      "\$ErrorActionPreference='Stop'; Expand-Archive -LiteralPath '${WORK}/pkg.zip' -DestinationPath '${out}' -Force" \
      || return 1
  fi
}

if pester_ok; then
  step "Pester ${PESTER_VERSION} already installed"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/setup-pwsh.XXXXXX")"
  nupkg="${WORK}/pester.${PESTER_VERSION}.nupkg"
  step "fetching Pester ${PESTER_VERSION} from NuGet"
  if fetch_with_curl "${nupkg}"; then
    step "downloaded pester.${PESTER_VERSION}.nupkg (NuGet v3 flat container)"
  else
    rm -f "${nupkg}"
    step "direct download failed, trying dotnet restore"
    fetch_with_dotnet "${nupkg}" || die "could not fetch Pester ${PESTER_VERSION} from NuGet (curl and dotnet restore both failed)"
    step "downloaded pester.${PESTER_VERSION}.nupkg (dotnet restore)"
  fi

  step "unpacking Pester into .tools/Modules/Pester/${PESTER_VERSION}"
  raw="${WORK}/raw"
  extract_nupkg "${nupkg}" "${raw}" || die "could not unzip ${nupkg} (not a valid .nupkg?)"
  # Drop the NuGet/OPC metadata that is not part of the module.
  rm -rf "${raw}/[Content_Types].xml" "${raw}/_rels" "${raw}/package" "${raw}/.signature.p7s"
  find "${raw}" -maxdepth 1 -name '*.nuspec' -delete
  # The nuget.org package is Chocolatey-style: the module lives under tools/.
  # A PowerShell Gallery-style package has it at the root.
  if [ -f "${raw}/tools/Pester.psd1" ]; then
    module_src="${raw}/tools"
  elif [ -f "${raw}/Pester.psd1" ]; then
    module_src="${raw}"
    rm -f "${raw}/chocolateyInstall.ps1"
  else
    die "Pester.psd1 not found in the package (neither at its root nor under tools/)"
  fi

  mkdir -p "${MODULES_DIR}/Pester"
  staging="${MODULES_DIR}/Pester/.staging.$$"
  rm -rf "${staging}"
  mv "${module_src}" "${staging}"
  rm -rf "${PESTER_DIR}"
  mv "${staging}" "${PESTER_DIR}"
  pester_ok || die "Pester was unpacked but ${PESTER_DIR}/Pester.psd1 is not version ${PESTER_VERSION}"
  step "Pester ${PESTER_VERSION} installed"
fi

# --- 3. check that pwsh loads this Pester ------------------------------------
loaded="$("${PWSH}" -NoProfile -NonInteractive -Command \
  "\$ErrorActionPreference='Stop'; Import-Module '${PESTER_DIR}/Pester.psd1'; (Get-Module Pester).Version.ToString()" 2>&1 | tr -d '\r' | tail -n 1)" \
  || die "pwsh could not import Pester from ${PESTER_DIR}: ${loaded}"
[ "${loaded}" = "${PESTER_VERSION}" ] || die "pwsh loaded Pester '${loaded}' instead of ${PESTER_VERSION}"
step "pwsh imports Pester ${loaded}: OK"

echo "pwsh:   ${PWSH}"
echo "Pester: ${PESTER_DIR}"
