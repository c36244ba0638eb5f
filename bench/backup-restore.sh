#!/usr/bin/env bash
# bench/backup-restore.sh — how long scripts/backup.sh and scripts/restore.sh take for a database of
# about N GB on this machine (docs/PERFORMANCE.md, README "Backup and point-in-time recovery").
#
#   bench/backup-restore.sh [N, default 1]
#
# On a PostgreSQL server of its own (initdb in a temporary folder, a free port: the shared server is not
# touched), pgbench -i fills the journal database with about N GB, scripts/backup.sh takes a base backup,
# pgbench writes for 30 s with the time in the middle noted, and scripts/restore.sh --to <noted> --no-service
# restores it into a fresh data directory. Prints the size and time of each step, then removes everything.
# Needs root (as the scripts do) and about 3 × N GB of free space in ${TMPDIR:-/tmp}.

set -euo pipefail

gb="${1:-1}"
[[ ${gb} =~ ^[1-9][0-9]*$ ]] || { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JOURNAL_PG_FUNCTIONS_ONLY=1
# shellcheck source=scripts/postgres.sh
source "${repo_root}/scripts/postgres.sh"
unset JOURNAL_PG_FUNCTIONS_ONLY
bin="/usr/lib/postgresql/$(journal_pg_server_version)/bin"

folder="$(mktemp -d "${TMPDIR:-/tmp}/journal-bench-backup.XXXXXX")"
chown postgres:postgres "${folder}"
cleanup() {
    local data
    for data in "${folder}/data" "${folder}/restored"; do
        if [[ -f ${data}/postmaster.pid ]]; then journal_pg_as_postgres "${bin}/pg_ctl" -D "${data}" -m immediate stop >/dev/null; fi
    done
    rm -rf "${folder}"
}
trap cleanup EXIT

export JOURNAL_PG_PORT
JOURNAL_PG_PORT="$(journal_pg_free_port 25500)"
export JOURNAL_BACKUP_DIR="${folder}/backups"
journal_pg_as_postgres "${bin}/initdb" -D "${folder}/data" --auth-local=peer --auth-host=scram-sha-256 -U postgres >/dev/null
journal_pg_as_postgres "${bin}/pg_ctl" -D "${folder}/data" -l "${folder}/data/server.log" -o "-p ${JOURNAL_PG_PORT}" -w start >/dev/null
bash "${repo_root}/scripts/postgres.sh" >/dev/null

pgbench() { journal_pg_as_postgres "${bin}/pgbench" -p "${JOURNAL_PG_PORT}" "$@" journal; }
sql() { journal_pg_admin_psql -d journal -At -c "$1"; }
step() { # <what> <command...>: runs it and prints how long it took
    local what=$1 started=${EPOCHREALTIME/./} took
    shift
    "$@" >/dev/null 2>"${folder}/step.log" || { cat "${folder}/step.log" >&2; exit 1; }
    took=$((${EPOCHREALTIME/./} - started))
    printf '%-52s %4d.%d s\n' "${what}" $((took / 1000000)) $((took / 100000 % 10))
}

# pgbench's scale 1 is about 15 MB with its indexes.
step "pgbench -i -s $((gb * 68)) (generating the data)" pgbench -i -q -s $((gb * 68))
echo "database size: $(sql "SELECT pg_size_pretty(pg_database_size('journal'))")"
step "scripts/backup.sh" bash "${repo_root}/scripts/backup.sh"
echo "base backup: $(du -sh "${JOURNAL_BACKUP_DIR}/base" | cut -f1)"
start_lsn="$(sql 'SELECT pg_current_wal_lsn()')"
step "pgbench -T 15 (writes after the backup)" pgbench -c 2 -T 15
noted="$(date -u '+%Y-%m-%d %H:%M:%S.%6N+00')"
noted_lsn="$(sql 'SELECT pg_current_wal_lsn()')"
step "pgbench -T 15 (writes after the noted time)" pgbench -c 2 -T 15
echo "WAL to replay up to the noted time: $(sql "SELECT pg_size_pretty(pg_wal_lsn_diff('${noted_lsn}', '${start_lsn}'))")"
step "scripts/restore.sh --to <noted> --no-service" bash "${repo_root}/scripts/restore.sh" --to "${noted}" --data-dir "${folder}/restored" --no-service
grep -o 'restored in .* replaying)' "${folder}/step.log"
