#!/usr/bin/env bash
# scripts/run.sh — run the Journal API locally against a local PostgreSQL.
#
#   scripts/run.sh [extra dotnet run arguments]
#
# Ensures PostgreSQL is installed/running with the app role and database (scripts/postgres.sh),
# then runs api/Journal.Api.csproj in Release on http://localhost:5080.
# The environment is passed through, so any ASP.NET Core setting can be given as an environment
# variable, e.g.  Bootstrap__AdminUsername=alice scripts/run.sh
# Defaults applied only when not already set:
#   ASPNETCORE_URLS=http://localhost:5080
#   ASPNETCORE_ENVIRONMENT=Development   (unless ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT is set)
#   ConnectionStrings__Postgres=<local database, see scripts/postgres.sh>
#   Jwt__SigningKey, Encryption__MasterKey=<generated once into .local/, git-ignored>

set -euo pipefail

log() { printf '[journal] %s\n' "$*" >&2; }
die() { printf '[journal] ERROR: %s\n' "$*" >&2; exit 1; }

# Resolve the repo root from this script's location so it works from any working directory.
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"

# The solution targets net10.0: fail early with a clear message instead of a confusing build error.
command -v dotnet >/dev/null 2>&1 ||
    die "'dotnet' was not found on PATH. Please install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
# (captured first rather than piped into `grep -q`, which could SIGPIPE dotnet and trip pipefail)
sdks="$(dotnet --list-sdks 2>/dev/null || true)"
grep -q '^10\.' <<<"${sdks}" ||
    die "no .NET 10 SDK found (installed SDKs: $(tr '\n' ' ' <<<"${sdks:-none}")). Please install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"

# shellcheck source=scripts/postgres.sh
source "${script_dir}/postgres.sh"

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
# DOTNET_ENVIRONMENT also selects the environment (ASPNETCORE_ENVIRONMENT wins over it), so only
# default to Development when the user chose neither.
if [[ -z ${ASPNETCORE_ENVIRONMENT:-} && -z ${DOTNET_ENVIRONMENT:-} ]]; then
    export ASPNETCORE_ENVIRONMENT=Development
fi
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

# Secrets for local use: generated once into .local/ (git-ignored, never committed) and reused, so
# tokens and encrypted journal text stay valid across restarts. Production sets its own.
local_secret() { # <file name> <random bytes>
    local file="${repo_root}/.local/$1"
    if [[ ! -s ${file} ]]; then
        mkdir -p "${repo_root}/.local" && chmod 700 "${repo_root}/.local"
        (umask 077 && head -c "$2" /dev/urandom | base64 -w0 >"${file}")
        log "generated a local secret in .local/$1"
    fi
    cat "${file}"
}
export Jwt__SigningKey="${Jwt__SigningKey:-$(local_secret jwt-signing-key 48)}"
export Encryption__MasterKey="${Encryption__MasterKey:-$(local_secret master-key 32)}"

cd "${repo_root}"
log "starting Journal API on ${ASPNETCORE_URLS} (environment: ${ASPNETCORE_ENVIRONMENT:-${DOTNET_ENVIRONMENT}})"
# --no-launch-profile: a Properties/launchSettings.json profile would otherwise override
# ASPNETCORE_URLS / ASPNETCORE_ENVIRONMENT from the environment.
exec dotnet run --project api/Journal.Api.csproj -c Release --no-launch-profile "$@"
