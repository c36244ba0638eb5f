#!/usr/bin/env bash
# scripts/restore.sh — point-in-time recovery from scripts/backup.sh's backups into a FRESH data
# directory (the live one is never touched), then the service on it (README, "Backup and point-in-time
# recovery").
#
#   scripts/restore.sh --to "TIMESTAMP" [--data-dir DIR] [--port N] [--no-service]
#   scripts/restore.sh --latest         [--data-dir DIR] [--port N] [--no-service]
#
#   --to TIMESTAMP   restore every transaction committed at or before it, none after: any form GNU date
#                    reads ("2025-01-31 14:05:00+01", "2025-01-31T13:05:00Z", "10 minutes ago"); no zone means local time
#   --latest         restore everything the archive holds
#   --data-dir DIR   the new data directory, which must not exist or be empty
#                    (default /var/lib/postgresql/journal-restores/<UTC time now>)
#   --port N         the restored server's port (default: the first free one from 5433)
#   --no-service     stop once the restored server runs, instead of starting the service on it
#
# It takes the newest base backup that finished before the target from ${JOURNAL_BACKUP_DIR}/base (default
# /var/lib/postgresql/journal-backups), copies it into the new data directory, replays the archived WAL
# (${JOURNAL_BACKUP_DIR}/wal) up to the target, starts a PostgreSQL server on it (log: DIR/server.log) and
# waits until recovery has finished and the server was promoted. If the live server still runs (on
# JOURNAL_PG_PORT, or the local cluster) and archives into that folder, it first has it archive its
# current WAL segment, so the archive reaches the present. Unless --no-service, it then runs the service
# on the restored database as scripts/run.sh does (same keys from .local/ or the environment: the master
# key of the backup's time is needed to read the journal text). The restored server does not archive WAL:
# run scripts/backup.sh on it, with a JOURNAL_BACKUP_DIR of its own, once it is the live one.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
fail() { usage >&2; printf '[journal] ERROR: %s\n' "$1" >&2; exit 2; }

to="" latest=0 data_dir="" port="" service=1
while (($#)); do
    case $1 in
        --to) (($# >= 2)) || fail "--to needs a timestamp"; to="$2"; shift 2 ;;
        --latest) latest=1; shift ;;
        --data-dir) (($# >= 2)) || fail "--data-dir needs a directory"; data_dir="$2"; shift 2 ;;
        --port) (($# >= 2)) || fail "--port needs a number"; port="$2"; shift 2 ;;
        --no-service) service=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) fail "unknown argument: $1" ;;
    esac
done
[[ -n ${to} || ${latest} == 1 ]] || fail "say what to restore: --to \"TIMESTAMP\" or --latest"
[[ -z ${to} || ${latest} == 0 ]] || fail "--to and --latest exclude each other"
[[ -z ${port} || ${port} =~ ^[0-9]+$ ]] || fail "--port needs a number, got '${port}'"

# Only the functions: restoring must work when the live server is gone.
export JOURNAL_PG_FUNCTIONS_ONLY=1
# shellcheck source=scripts/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
unset JOURNAL_PG_FUNCTIONS_ONLY
log() { journal_pg_log "$@"; }
die() { journal_pg_die "$@"; }

backup_dir="${JOURNAL_BACKUP_DIR:-/var/lib/postgresql/journal-backups}"
wal="${backup_dir}/wal"
journal_pg_check_path JOURNAL_BACKUP_DIR "${backup_dir}"
[[ -d ${backup_dir}/base ]] || die "no backups in ${backup_dir} (set JOURNAL_BACKUP_DIR to where scripts/backup.sh put them)."
version="$(journal_pg_server_version)"
[[ -n ${version} ]] || die "no PostgreSQL server is installed (/usr/lib/postgresql/*/bin/postgres); install the version the backups were taken with."
bin="/usr/lib/postgresql/${version}/bin"

target_time="" target_name=""
if [[ -n ${to} ]]; then
    # PostgreSQL gets the instant in UTC with microseconds; the backups' names compare as text.
    target_time="$(date -u -d "${to}" '+%Y-%m-%d %H:%M:%S.%6N+00')" || die "cannot read the time '${to}' (see --help for the forms)."
    target_name="$(date -u -d "${target_time}" +%Y%m%dT%H%M%S.%3NZ)"
    (($(date -d "${target_time}" +%s%N) <= $(date +%s%N))) || die "the target ${target_time} is in the future."
fi

# 1. The live server, if it still runs and archives here, archives its current segment.
live_port="${JOURNAL_PG_PORT:-$(journal_pg_pick_cluster | cut -d' ' -f3)}"
if [[ -n ${live_port} ]] && pg_isready -q -h localhost -p "${live_port}" >/dev/null 2>&1 &&
    [[ $(JOURNAL_PG_PORT=${live_port} journal_pg_admin_psql -At -c 'SHOW archive_command') == *" ${wal}/%f "* ]]; then
    log "the live server on port ${live_port} archives its current WAL segment first"
    segment="$(JOURNAL_PG_PORT=${live_port} journal_pg_admin_psql -At -c 'SELECT pg_walfile_name(pg_switch_wal())')"
    for ((waited = 0; ; waited++)); do
        archived="$(JOURNAL_PG_PORT=${live_port} journal_pg_admin_psql -At -c 'SELECT last_archived_wal FROM pg_stat_archiver')"
        if [[ -n ${archived} && ! ${archived} < ${segment} ]]; then break; fi
        ((waited < 300)) || die "the live server did not archive WAL segment ${segment} within 60 s; see its log."
        sleep 0.2
    done
else
    log "no live server archiving into ${wal} answers: restoring from the archive as it is (the last minute of writes may be missing from it)"
fi

# 2. The base backup: the newest that finished at or before the target.
mapfile -t backups < <(find "${backup_dir}/base" -mindepth 1 -maxdepth 1 -type d -name '2*Z' -printf '%f\n' | sort)
chosen=""
for b in "${backups[@]}"; do
    if [[ -z ${target_name} || ! ${b} > ${target_name} ]]; then chosen="${b}"; fi
done
[[ -n ${chosen} ]] || die "no base backup finished before ${target_time:-now} in ${backup_dir}/base (there: ${backups[*]:-none})."

# 3. A fresh data directory, a copy of it.
data_dir="${data_dir:-/var/lib/postgresql/journal-restores/$(date -u +%Y%m%dT%H%M%SZ)}"
[[ ${data_dir} == /* ]] || data_dir="${PWD}/${data_dir}"
journal_pg_check_path --data-dir "${data_dir}"
if [[ -e ${data_dir} && -n $(ls -A "${data_dir}") ]]; then
    die "${data_dir} is not empty: a restore goes into a fresh data directory and never overwrites one."
fi
port="${port:-$(journal_pg_free_port 5433)}"
log "restoring base backup ${chosen} into ${data_dir}, up to ${target_time:-the end of the archive}"
started=${SECONDS}
journal_pg_as_root install -d -o postgres -g postgres -m 700 "${data_dir}"
journal_pg_as_postgres cp -a "${backup_dir}/base/${chosen}/." "${data_dir}/"
copied=${SECONDS}

# 4. Recovery settings. A Debian cluster keeps postgresql.conf and pg_hba.conf in /etc/postgresql, outside
#    the backup: then minimal ones are written (settings made with ALTER SYSTEM come along regardless).
#    Appended to postgresql.auto.conf, which is read last, so they win over the live server's.
journal_pg_as_postgres bash -c "
    set -euo pipefail
    cd '${data_dir}'
    [[ -f postgresql.conf ]] || echo '# written by scripts/restore.sh; see postgresql.auto.conf' >postgresql.conf
    [[ -f pg_ident.conf ]] || : >pg_ident.conf
    [[ -f pg_hba.conf ]] || printf '%s\n' 'local all all peer' 'host all all 127.0.0.1/32 scram-sha-256' 'host all all ::1/128 scram-sha-256' >pg_hba.conf
    : >server.log
    touch recovery.signal
    cat >>postgresql.auto.conf"  <<CONF
# scripts/restore.sh: base backup ${chosen}, up to ${target_time:-the end of the archive}
port = ${port}
listen_addresses = 'localhost'
unix_socket_directories = '/var/run/postgresql'
# This server is a copy: it must not write into the live server's archive.
archive_mode = off
restore_command = 'cp ${wal}/%f %p'
${target_time:+recovery_target_time = '${target_time}'}
recovery_target_action = 'promote'
CONF

# 5. Start it and wait until recovery ends with the promotion (or the server gives up).
# -w returns once it accepts connections, as soon as the backup's state is consistent (before the end of recovery).
if ! journal_pg_as_postgres "${bin}/pg_ctl" -D "${data_dir}" -l "${data_dir}/server.log" -w -t 86400 start >&2; then
    tail -n 20 "${data_dir}/server.log" >&2
    die "the restored server did not start (above: the end of ${data_dir}/server.log)."
fi
until [[ $(JOURNAL_PG_PORT=${port} journal_pg_admin_psql -At -c 'SELECT pg_is_in_recovery()' 2>/dev/null) == f ]]; do
    if ! journal_pg_as_postgres "${bin}/pg_ctl" -D "${data_dir}" status >/dev/null 2>&1; then
        tail -n 20 "${data_dir}/server.log" >&2
        die "the restored server stopped during recovery (above: the end of ${data_dir}/server.log)."
    fi
    sleep 0.2
done
replayed="$(JOURNAL_PG_PORT=${port} journal_pg_admin_psql -At -c 'SELECT pg_last_xact_replay_timestamp()')"

# 6. The silos the copy lists as members ran on the live database, not on this one: a silo starting on
#    it would wait minutes for them to answer, or join a live one. They are marked dead (status 6), as
#    Orleans marks a silo it declared dead, and the membership version is bumped.
JOURNAL_PG_PORT=${port} journal_pg_admin_psql -d "${JOURNAL_PG_DATABASE:-journal}" <<'SQL'
SELECT to_regclass('orleans_membership') IS NOT NULL AS has_membership \gset
\if :has_membership
BEGIN;
UPDATE orleans_membership SET status = 6 WHERE status <> 6;
UPDATE orleans_membership_versions SET version = version + 1, updated_at = now();
COMMIT;
\endif
SQL
log "restored in $((SECONDS - started)) s ($((copied - started)) s copying, $((SECONDS - copied)) s replaying): PostgreSQL on localhost:${port}, data ${data_dir}, last transaction replayed ${replayed:-none}"
log "stop it with: runuser -u postgres -- ${bin}/pg_ctl -D ${data_dir} stop"

# 7. The service on it, as scripts/run.sh runs it; JOURNAL_BACKUP_DIR would turn archiving on.
((service)) || exit 0
unset JOURNAL_BACKUP_DIR ConnectionStrings__Postgres
export JOURNAL_PG_PORT="${port}"
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh"
