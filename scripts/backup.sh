#!/usr/bin/env bash
# scripts/backup.sh — take a base backup of the local PostgreSQL cluster, for point-in-time recovery
# with scripts/restore.sh (README, "Backup and point-in-time recovery").
#
#   scripts/backup.sh [--keep N]
#
# Makes sure PostgreSQL runs and archives its WAL (scripts/postgres.sh: the first run turns archiving
# on, which restarts the server once), takes a base backup with pg_basebackup while the service keeps
# running, checks it with pg_verifybackup, then keeps the newest N base backups (default 7) and removes
# the archived WAL that only older ones needed. Run it daily (cron, a systemd timer).
#
# Where backups go (JOURNAL_BACKUP_DIR, default /var/lib/postgresql/journal-backups; owned by postgres,
# mode 700: it holds every row, the wrapped data keys included):
#   base/<UTC time it finished, e.g. 20250131T030012.345Z>/  a plain-format base backup: it restores any time from then on
#   wal/                                                 the archived WAL segments, from the oldest base backup on
# Other settings: JOURNAL_PG_PORT and the rest of scripts/postgres.sh's.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

keep=7
while (($#)); do
    case $1 in
        --keep) keep="${2:-}"; shift 2 || true ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; printf '[journal] ERROR: unknown argument: %s\n' "$1" >&2; exit 2 ;;
    esac
done
[[ ${keep} =~ ^[1-9][0-9]*$ ]] || { printf '[journal] ERROR: --keep needs a number of base backups ≥ 1, got "%s"\n' "${keep}" >&2; exit 2; }

export JOURNAL_BACKUP_DIR="${JOURNAL_BACKUP_DIR:-/var/lib/postgresql/journal-backups}"
# shellcheck source=scripts/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

base="${JOURNAL_BACKUP_DIR}/base"
journal_pg_as_root install -d -o postgres -g postgres -m 700 "${base}"
# A run that was killed leaves its backup under .partial: never a candidate for a restore.
journal_pg_as_root rm -rf "${base}"/*.partial

partial="${base}/$(date -u +%Y%m%dT%H%M%SZ).partial"
trap 'journal_pg_as_root rm -rf "${partial}"' EXIT
journal_pg_log "taking a base backup of localhost:${JOURNAL_PG_PORT} into ${partial}"
started=${SECONDS}
# -X stream: the WAL written during the backup comes with it, so it restores even without the archive.
# -c fast: checkpoint at once rather than spread over checkpoint_completion_target.
journal_pg_as_postgres "${JOURNAL_PG_BIN}/pg_basebackup" -p "${JOURNAL_PG_PORT}" -D "${partial}" -Fp -X stream -c fast \
    -l "scripts/backup.sh" >&2
journal_pg_as_postgres "${JOURNAL_PG_BIN}/pg_verifybackup" -q "${partial}" >&2 ||
    journal_pg_die "pg_verifybackup found the backup in ${partial} damaged; nothing was kept."

# Named by the time now, after the check: every time from its name on is after the backup's end, so
# scripts/restore.sh can pick the newest backup named at or before a target.
name="$(date -u +%Y%m%dT%H%M%S.%3NZ)"
journal_pg_as_root mv -T "${partial}" "${base}/${name}"
trap - EXIT
journal_pg_log "base backup ${base}/${name} taken and verified in $((SECONDS - started)) s ($(journal_pg_as_root du -sh "${base}/${name}" | cut -f1))"

# Retention: the newest ${keep}; the archive keeps the WAL from the oldest of them on.
mapfile -t backups < <(find "${base}" -mindepth 1 -maxdepth 1 -type d -name '2*Z' -printf '%f\n' | sort)
while ((${#backups[@]} > keep)); do
    journal_pg_log "removing base backup ${backups[0]} (older than the newest ${keep})"
    journal_pg_as_root rm -rf "${base:?}/${backups[0]}"
    backups=("${backups[@]:1}")
done
first_wal="$(journal_pg_as_root sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\))$/\1/p' "${base}/${backups[0]}/backup_label")"
[[ -n ${first_wal} ]] || journal_pg_die "no START WAL LOCATION in ${base}/${backups[0]}/backup_label"
journal_pg_as_postgres "${JOURNAL_PG_BIN}/pg_archivecleanup" "${JOURNAL_BACKUP_DIR}/wal" "${first_wal}" >&2
journal_pg_log "kept ${#backups[@]} base backup(s), ${backups[0]} the oldest; WAL archive: $(journal_pg_as_root du -sh "${JOURNAL_BACKUP_DIR}/wal" | cut -f1)"
