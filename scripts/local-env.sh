#!/usr/bin/env bash
# scripts/local-env.sh — the local set-up that scripts/run.sh and scripts/cluster.sh share.
# Meant to be SOURCED; it then has:
#   checked that the .NET 10 SDK is installed,
#   made sure PostgreSQL runs with the app role and database (scripts/postgres.sh), which sets
#     ConnectionStrings__Postgres unless the caller set it,
#   defaulted ASPNETCORE_ENVIRONMENT to Development (unless ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT is set),
#   set Jwt__SigningKey and Encryption__MasterKey, unless set, to secrets generated once into .local/
#     (git-ignored), so every process started from here trusts the same tokens and reads the same text,
#   set Attachments__Directory, unless set, to .local/attachments, which every local node shares,
#   defined log, die and repo_root, and changed into the repo root.

set -euo pipefail

log() { printf '[journal] %s\n' "$*" >&2; }
die() { printf '[journal] ERROR: %s\n' "$*" >&2; exit 1; }

# Resolve the repo root from this file's location so the scripts work from any working directory.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# shellcheck source=scripts/require-dotnet.sh
source "${repo_root}/scripts/require-dotnet.sh"

# shellcheck source=scripts/postgres.sh
source "${repo_root}/scripts/postgres.sh"

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
# Attachment files (sealed under the users' keys) next to the secrets, shared by every local node.
export Attachments__Directory="${Attachments__Directory:-${repo_root}/.local/attachments}"

cd "${repo_root}"
