#!/usr/bin/env bash
# scripts/run.sh — run the Journal API locally against a local PostgreSQL.
#
#   scripts/run.sh [extra dotnet run arguments]
#
# Ensures PostgreSQL is installed/running with the app role and database (scripts/postgres.sh),
# then runs api/Journal.Api.csproj in Release on http://localhost:5080.
# The environment is passed through, so any ASP.NET Core setting can be given as an environment
# variable, e.g.  Bootstrap__AdminUsername=alice scripts/run.sh
# Defaults applied only when not already set (scripts/local-env.sh, shared with scripts/cluster.sh):
#   ASPNETCORE_URLS=http://localhost:5080
#   ASPNETCORE_ENVIRONMENT=Development   (unless ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT is set)
#   ConnectionStrings__Postgres=<local database, see scripts/postgres.sh>
#   Jwt__SigningKey, Encryption__MasterKey=<generated once into .local/, git-ignored>
# For several nodes on this machine: scripts/cluster.sh.

set -euo pipefail

# shellcheck source=scripts/local-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/local-env.sh"

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"

log "starting Journal API on ${ASPNETCORE_URLS} (environment: ${ASPNETCORE_ENVIRONMENT:-${DOTNET_ENVIRONMENT}})"
# --no-launch-profile: a Properties/launchSettings.json profile would otherwise override
# ASPNETCORE_URLS / ASPNETCORE_ENVIRONMENT from the environment.
exec dotnet run --project api/Journal.Api.csproj -c Release --no-launch-profile "$@"
