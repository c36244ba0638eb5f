#!/usr/bin/env bash
# scripts/test.sh — run the whole test suite against a local PostgreSQL.
#
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Search]
#
# Ensures PostgreSQL is installed/running (scripts/postgres.sh), exports JOURNAL_TEST_POSTGRES (the
# tests create their own jtest_* databases from it), drops jtest_* databases left behind by an
# earlier run that was killed, runs `dotnet test` on the solution, then lints the OpenAPI document
# the tests fetched from the API (artifacts/openapi/v1.json) with Spectral (lint/openapi: pinned npm
# packages and the ruleset), and ends with one summary line:
#   Tests: N passed, N failed
# Exit status is non-zero if dotnet test failed, if no test was executed, or if the lint found an error.
# Needs node and npm for the lint (a failure without them); when a --filter left the OpenAPI tests out,
# no document is written and the lint is skipped with a message.
#
# Optional environment:
#   JOURNAL_TEST_VERBOSITY   console logger verbosity (default: normal = one line per test)
#   JOURNAL_TEST_RESULTS     directory for the .trx files (default: a fresh temp directory)

set -euo pipefail

log() { printf '[journal] %s\n' "$*" >&2; }
die() { printf '[journal] ERROR: %s\n' "$*" >&2; exit 1; }

# Resolve the repo root from this script's location so it works from any working directory.
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"

# shellcheck source=scripts/require-dotnet.sh
source "${script_dir}/require-dotnet.sh"

# shellcheck source=scripts/postgres.sh
source "${script_dir}/postgres.sh"

export JOURNAL_TEST_POSTGRES="${JOURNAL_PG_CONNECTION}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

# Drop jtest_* databases left by an earlier run that was killed before the tests could clean up.
# Done as the postgres superuser; WITH (FORCE) (PostgreSQL 13+) also ends leftover connections.
# Note: this would also hit the databases of a test run going on in parallel on this same server.
stale="$(journal_pg_admin_psql -At -v keep="${JOURNAL_PG_DATABASE}" <<'SQL'
SELECT datname FROM pg_database
 WHERE starts_with(datname, 'jtest_') AND datname <> :'keep' ORDER BY datname
SQL
)"
if [[ -n ${stale} ]]; then
    log "dropping $(wc -l <<<"${stale}") stale test database(s): $(tr '\n' ' ' <<<"${stale}")"
    journal_pg_admin_psql -v keep="${JOURNAL_PG_DATABASE}" <<'SQL'
SELECT format('DROP DATABASE %I', datname)
       || CASE WHEN current_setting('server_version_num')::int >= 130000 THEN ' WITH (FORCE)' ELSE '' END
  FROM pg_database
 WHERE starts_with(datname, 'jtest_') AND datname <> :'keep' \gexec
SQL
fi

results_dir="${JOURNAL_TEST_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/journal-tests.XXXXXX")}"
mkdir -p "${results_dir}"
# Only count this run's results, even if JOURNAL_TEST_RESULTS points at a reused directory.
find "${results_dir}" -maxdepth 1 -name '*.trx' -delete

cd "${repo_root}"
# The OpenAPI tests write the document the API serves here; an old one must not be linted in its place.
openapi_document="${repo_root}/artifacts/openapi/v1.json"
rm -f "${openapi_document}"
export JOURNAL_OPENAPI_OUTPUT="${openapi_document}"
log "running dotnet test (results: ${results_dir})"
rc=0
dotnet test Orleans.Journal.sln -c Release \
    --results-directory "${results_dir}" \
    --logger trx \
    --logger "console;verbosity=${JOURNAL_TEST_VERBOSITY:-normal}" \
    "$@" || rc=$?

# Sum the counters of every .trx file (one per test project). Plain grep/sed on the
#   <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".." ...>
# element, so nothing beyond coreutils is needed. The leading space in the pattern keeps
# `passed` from matching `passedButRunAborted`.
trx_counter() { # <Counters element> <attribute name>
    local v
    v="$(sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p" <<<"$1")"
    printf '%s' "${v:-0}"
}
executed=0 passed=0 failed=0 trx_files=0
while IFS= read -r -d '' trx; do
    trx_files=$((trx_files + 1))
    counters="$(grep -o '<Counters [^>]*>' "${trx}" | head -n 1 || true)"
    if [[ -z ${counters} ]]; then
        log "warning: no <Counters> element in ${trx}"
        continue
    fi
    executed=$((executed + $(trx_counter "${counters}" executed)))
    passed=$((passed + $(trx_counter "${counters}" passed)))
    # Errors, timeouts and aborted tests did not pass either: report them as failed.
    for attr in failed error timeout aborted; do
        failed=$((failed + $(trx_counter "${counters}" "${attr}")))
    done
done < <(find "${results_dir}" -name '*.trx' -print0)

# Lint the document: 0 errors required (--fail-severity error); warnings are listed, not fatal.
lint_dir="${repo_root}/lint/openapi"
lint_failed=0
if [[ ! -f ${openapi_document} ]]; then
    log "OpenAPI lint skipped: no document was written (were the OpenAPI tests filtered out?)"
elif ! command -v npm >/dev/null 2>&1; then
    log "cannot lint the OpenAPI document: npm was not found on PATH (install Node.js 18+)"
    lint_failed=1
else
    log "linting the OpenAPI document with Spectral (${lint_dir}/.spectral.yaml)"
    if npm ci --prefix "${lint_dir}" --no-audit --no-fund --loglevel=error >&2; then
        "${lint_dir}/node_modules/.bin/spectral" lint --ruleset "${lint_dir}/.spectral.yaml" --fail-severity error "${openapi_document}" >&2 ||
            lint_failed=1
    else
        log "npm ci in ${lint_dir} failed"
        lint_failed=1
    fi
fi

if ((rc != 0)); then
    log "dotnet test failed (exit code ${rc}); ${trx_files} .trx file(s) in ${results_dir}"
elif ((lint_failed)); then
    log "the OpenAPI lint failed (document: ${openapi_document})"
    rc=1
elif ((executed == 0)); then
    log "no tests were executed (${trx_files} .trx file(s) in ${results_dir}); treating that as a failure"
    rc=1
else
    log "test results: ${results_dir}"
fi
# Must stay the last line of output.
echo "Tests: ${passed} passed, ${failed} failed"
exit "${rc}"
