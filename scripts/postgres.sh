#!/usr/bin/env bash
# scripts/postgres.sh — make sure a local PostgreSQL server is installed and running, and that
# the application role and database exist. Safe to run any number of times (idempotent).
#
# Meant to be SOURCED by scripts/run.sh and scripts/test.sh, which then get:
#   JOURNAL_PG_CONNECTION        Npgsql connection string for the app role (host=localhost, password auth)
#   ConnectionStrings__Postgres  same value, unless it was already set by the caller
#   JOURNAL_PG_PORT / JOURNAL_PG_USER / JOURNAL_PG_PASSWORD / JOURNAL_PG_DATABASE (resolved values)
#   journal_pg_admin_psql        function: psql as the postgres superuser on the selected cluster
#   JOURNAL_PG_BIN               the server's program folder (pg_ctl, pg_basebackup, ... of its version)
#
# It can also be run on its own; it then prints `export ...` lines on stdout (all messages go to
# stderr), so an interactive shell can pick the variables up with:  eval "$(scripts/postgres.sh)"
# (Prefer that over sourcing it interactively: sourcing also turns on `set -euo pipefail` in the
# calling shell, which is what our scripts want but not what an interactive shell wants.)
#
# Settings (environment):
#   JOURNAL_PG_PORT      port of the cluster to use (default: the port of the existing cluster, normally 5432)
#   JOURNAL_PG_USER      application role      (default: journal)
#   JOURNAL_PG_PASSWORD  its password          (default: journal)
#   JOURNAL_PG_DATABASE  application database  (default: journal)
#   JOURNAL_BACKUP_DIR   when set, WAL is archived into ${JOURNAL_BACKUP_DIR}/wal for point-in-time recovery
#                        (scripts/backup.sh sets it; turning archiving on restarts the server, once)
#   JOURNAL_PG_FUNCTIONS_ONLY=1  only define the functions, touch no server (scripts/restore.sh, which
#                        must work when the live server is gone)
#
# A server on JOURNAL_PG_PORT that pg_lsclusters does not list (started with pg_ctl: a restored one,
# a test's) is used as it is: this script neither creates nor starts it.
#
# Works on a fresh Debian/Ubuntu machine: installs the distribution's `postgresql` packages with
# apt-get when no server is present. Needs root, or sudo for the privileged steps.

set -euo pipefail

journal_pg_log() { printf '[journal] %s\n' "$*" >&2; }
journal_pg_die() { printf '[journal] ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we already are root, otherwise through sudo.
journal_pg_as_root() {
    if [[ ${EUID} -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        journal_pg_die "root privileges are needed to install/start PostgreSQL, but this is not root and sudo is not installed. Re-run as root or install sudo."
    fi
}

# Run a command as the `postgres` OS user (the cluster superuser, reached via peer authentication
# on the Unix socket). `cd /` first, because postgres usually cannot read the caller's working
# directory (e.g. /root) and psql would warn about it.
journal_pg_as_postgres() {
    if [[ ${EUID} -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    elif command -v sudo >/dev/null 2>&1; then
        (cd / && sudo -u postgres -- "$@")
    else
        journal_pg_die "cannot run commands as the 'postgres' user: this is not root and sudo is not installed. Re-run as root or install sudo."
    fi
}

# psql as the superuser on the selected cluster (Unix socket, port from JOURNAL_PG_PORT).
# -X: ignore ~/.psqlrc, ON_ERROR_STOP: fail on the first SQL error instead of carrying on.
journal_pg_admin_psql() {
    journal_pg_as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "${JOURNAL_PG_PORT}" -d postgres "$@"
}

# Newest installed server version, e.g. "15" (empty when no server binaries are installed).
journal_pg_server_version() {
    local bin
    for bin in /usr/lib/postgresql/*/bin/postgres; do
        # (an `if`, not `&&`: a false test as the last command would fail the pipeline under set -e)
        if [[ -x ${bin} ]]; then basename "$(dirname "$(dirname "${bin}")")"; fi
    done | sort -V | tail -n 1
}

journal_pg_install_server() {
    command -v apt-get >/dev/null 2>&1 ||
        journal_pg_die "no PostgreSQL server found and apt-get is not available; install PostgreSQL (with contrib) yourself, or use docker-compose.yml."
    journal_pg_log "PostgreSQL server not found; installing it with apt-get (postgresql, postgresql-contrib)..."
    # `env` because sudo resets the environment; noninteractive so no debconf prompt can hang the script.
    journal_pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    journal_pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-contrib >&2
}

# Prints "<version> <name> <port> <status> <logfile>" of the cluster to use (empty if none).
# With JOURNAL_PG_PORT set: the cluster on that port. Otherwise: the first running cluster, else the
# newest one (pg_lsclusters sorts by version, then name).
journal_pg_pick_cluster() {
    pg_lsclusters -h 2>/dev/null | awk -v want="${JOURNAL_PG_PORT:-}" '
        { line = $1 " " $2 " " $3 " " $4 " " $7 }
        want != "" { if ($3 == want) { print line; found = 1; exit } ; next }
        $4 ~ /^online/ && online == "" { online = line }
        { last = line }
        END { if (!found) { if (online != "") print online; else if (want == "" && last != "") print last } }'
}

# Waits until the server on JOURNAL_PG_PORT accepts TCP connections on localhost (how the app connects).
journal_pg_wait_ready() { # <its log, for the error message>
    local waited=0
    until pg_isready -q -h localhost -p "${JOURNAL_PG_PORT}" >/dev/null 2>&1; do
        if ((waited >= 30)); then
            journal_pg_die "PostgreSQL is not accepting connections on localhost:${JOURNAL_PG_PORT} after 30 s; see the server log: $1"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

journal_pg_ensure() {
    local user="${JOURNAL_PG_USER:-journal}"
    local password="${JOURNAL_PG_PASSWORD:-journal}"
    local database="${JOURNAL_PG_DATABASE:-journal}"

    if [[ -n ${JOURNAL_PG_PORT:-} && ! ${JOURNAL_PG_PORT} =~ ^[0-9]+$ ]]; then
        journal_pg_die "JOURNAL_PG_PORT must be a port number, got '${JOURNAL_PG_PORT}'."
    fi

    # 1. Server binaries (the distribution package also brings pg_lsclusters & co. from postgresql-common).
    local version
    version="$(journal_pg_server_version)"
    if [[ -z ${version} ]]; then
        journal_pg_install_server
        version="$(journal_pg_server_version)"
        [[ -n ${version} ]] || journal_pg_die "apt-get finished but no server binary /usr/lib/postgresql/*/bin/postgres was found."
    fi
    command -v pg_lsclusters >/dev/null 2>&1 ||
        journal_pg_die "PostgreSQL ${version} is installed but pg_lsclusters (package postgresql-common) is missing; install postgresql-common."

    # 2. pg_trgm must be available (the app creates the extension itself). On Debian it ships in the
    #    server package; `postgresql-contrib` is the documented way to get it on other setups.
    if [[ ! -f /usr/share/postgresql/${version}/extension/pg_trgm.control ]]; then
        journal_pg_log "extension pg_trgm is not available for PostgreSQL ${version}; installing postgresql-contrib..."
        journal_pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-contrib >&2 ||
            journal_pg_die "could not install postgresql-contrib (needed for pg_trgm)."
    fi

    # 3. A cluster. Installing the package normally creates "main", but not always (e.g. when
    #    /etc/postgresql-common/createcluster.conf disables it, or the data directory was removed).
    local cluster
    cluster="$(journal_pg_pick_cluster)"
    if [[ -z ${cluster} && -n ${JOURNAL_PG_PORT:-} ]] && pg_isready -q -h localhost -p "${JOURNAL_PG_PORT}" >/dev/null 2>&1; then
        # A server this script does not manage (see the header): only its role and database are ensured below.
        cluster="$(journal_pg_admin_psql -At -v port="${JOURNAL_PG_PORT}" <<'SQL'
SELECT concat_ws(' ', current_setting('server_version_num')::int / 10000, '-', :'port', 'online', current_setting('data_directory') || '/server.log')
SQL
)"
    fi
    if [[ -z ${cluster} ]]; then
        if [[ -n $(pg_lsclusters -h 2>/dev/null) ]]; then
            journal_pg_die "no PostgreSQL cluster listens on JOURNAL_PG_PORT=${JOURNAL_PG_PORT}. Existing clusters:
$(pg_lsclusters)
Unset JOURNAL_PG_PORT to use one of them, or change the port in /etc/postgresql/<version>/<cluster>/postgresql.conf."
        fi
        journal_pg_log "no PostgreSQL cluster found; creating ${version}/main..."
        local port_args=()
        [[ -n ${JOURNAL_PG_PORT:-} ]] && port_args=(-p "${JOURNAL_PG_PORT}")
        journal_pg_as_root pg_createcluster "${port_args[@]}" "${version}" main >&2
        cluster="$(journal_pg_pick_cluster)"
        [[ -n ${cluster} ]] || journal_pg_die "pg_createcluster ${version} main did not produce a usable cluster; see 'pg_lsclusters'."
    fi

    local c_version c_name c_port c_status c_log
    read -r c_version c_name c_port c_status c_log <<<"${cluster}"
    [[ -n ${c_log} ]] || c_log="/var/log/postgresql/postgresql-${c_version}-${c_name}.log"
    export JOURNAL_PG_PORT="${c_port}" JOURNAL_PG_BIN="/usr/lib/postgresql/${c_version}/bin"
    # For journal_pg_restart: the Debian cluster ("-" as its name: a server started with pg_ctl) and its log.
    journal_pg_cluster="${c_version} ${c_name} ${c_log}"

    # 4. Running? pg_ctlcluster hands over to systemd where systemd runs, and starts it directly otherwise
    #    (containers, CI). Starting an already running cluster would fail, hence the status check.
    if [[ ${c_status} != online* ]]; then
        journal_pg_log "starting PostgreSQL cluster ${c_version}/${c_name} (port ${c_port})..."
        journal_pg_as_root pg_ctlcluster "${c_version}" "${c_name}" start >&2 ||
            journal_pg_die "could not start cluster ${c_version}/${c_name}; see ${c_log}"
    fi

    # 5. Wait until it accepts TCP connections on localhost, which is how the app connects.
    journal_pg_wait_ready "${c_log}"

    # 6. Role and database, created only when missing. Values travel as psql variables and are quoted
    #    with format(%I/%L), so unusual names/passwords cannot break the SQL. CREATE DATABASE cannot
    #    run inside a DO block/transaction, hence the "SELECT ... \gexec" form.
    journal_pg_admin_psql -v app_user="${user}" -v app_password="${password}" -v app_db="${database}" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'app_user', :'app_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \gexec
-- The tests create and drop jtest_* databases with this role, so it needs LOGIN and CREATEDB.
SELECT format('ALTER ROLE %I LOGIN CREATEDB', :'app_user')
 WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user' AND NOT (rolcanlogin AND rolcreatedb)) \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'app_db') \gexec
SQL

    # 7. Prove the exact path the app uses works: TCP to localhost with password authentication.
    #    If the role pre-existed with another password, reset it to the configured one (dev setup).
    if ! PGPASSWORD="${password}" PGCONNECT_TIMEOUT=5 psql -X -q -w -h localhost -p "${c_port}" -U "${user}" -d "${database}" \
        -c 'SELECT 1' >/dev/null 2>&1; then
        journal_pg_log "login as '${user}' on localhost:${c_port} failed; setting the role's password to JOURNAL_PG_PASSWORD..."
        journal_pg_admin_psql -v app_user="${user}" -v app_password="${password}" >&2 <<'SQL'
SELECT format('ALTER ROLE %I PASSWORD %L', :'app_user', :'app_password') \gexec
SQL
        PGPASSWORD="${password}" PGCONNECT_TIMEOUT=5 psql -X -q -w -h localhost -p "${c_port}" -U "${user}" -d "${database}" \
            -c 'SELECT 1' >/dev/null ||
            journal_pg_die "cannot log in as '${user}' to database '${database}' on localhost:${c_port} with a password; check pg_hba.conf of cluster ${c_version}/${c_name}."
    fi

    export JOURNAL_PG_USER="${user}" JOURNAL_PG_PASSWORD="${password}" JOURNAL_PG_DATABASE="${database}"
    # TLS on the loopback interface protects nothing and costs CPU on both ends of every round trip.
    export JOURNAL_PG_CONNECTION="Host=localhost;Port=${c_port};Username=${user};Password=${password};Database=${database};SSL Mode=Disable"
    # Respect an explicit ConnectionStrings__Postgres (ASP.NET Core reads it as ConnectionStrings:Postgres).
    export ConnectionStrings__Postgres="${ConnectionStrings__Postgres:-${JOURNAL_PG_CONNECTION}}"
    journal_pg_log "PostgreSQL ${c_version}/${c_name} ready on localhost:${c_port} (database '${database}', role '${user}')"

    if [[ -n ${JOURNAL_BACKUP_DIR:-} ]]; then journal_pg_ensure_archiving; fi
}

# Restarts the selected server: through pg_ctlcluster when Debian manages it, else with pg_ctl (its log
# then goes to server.log in its data directory, as scripts/restore.sh starts it).
journal_pg_restart() {
    local version name log
    read -r version name log <<<"${journal_pg_cluster}"
    journal_pg_log "restarting PostgreSQL on port ${JOURNAL_PG_PORT}..."
    if [[ ${name} != - ]]; then
        journal_pg_as_root pg_ctlcluster "${version}" "${name}" restart >&2
    else
        journal_pg_as_postgres "${JOURNAL_PG_BIN}/pg_ctl" -D "$(dirname "${log}")" -l "${log}" -m fast -w restart >&2
    fi
    journal_pg_wait_ready "${log}"
}

# The first port from $1 on that is free for a server: no Debian cluster configured on it, nothing
# listening, no socket left.
journal_pg_free_port() {
    local port=$1
    while pg_lsclusters -h 2>/dev/null | awk -v p="${port}" '$3 == p { found = 1 } END { exit !found }' ||
        (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null || [[ -e /var/run/postgresql/.s.PGSQL.${port} ]]; do
        port=$((port + 1))
    done
    echo "${port}"
}

# Drops a database of the benches (psql URL of the server, database name), ending its connections. FORCE
# may not end a server process of another role (autovacuum busy with the database after a run): it ends
# on its own in a moment, so the drop is tried again, for up to 5 s.
journal_pg_drop_database() {
    for _ in $(seq 50); do
        psql -q "$1" -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    psql -q "$1" -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" >/dev/null
}

# CPU time the local database server has used so far, in clock ticks (benchmarks take it per request):
# its live processes, plus what the postmaster's ended children used (a backend that ended is gone
# from /proc, its time is in the postmaster's ended children now).
journal_pg_cpu_ticks() {
    local sum=0 pid ticks
    for pid in $(pgrep -x postgres); do ticks="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null)" && sum=$((sum + ticks)); done
    echo $((sum + $(awk '{print $16 + $17}' "/proc/$(pgrep -xo postgres)/stat")))
}

# Paths that go into the server's settings (archive_command, restore_command) unquoted.
journal_pg_check_path() { # <setting name> <path>
    [[ $2 =~ ^/[A-Za-z0-9._/-]+$ ]] ||
        journal_pg_die "$1 must be an absolute path of letters, digits and . _ - / (it goes into the server's settings), got '$2'."
}

# WAL archiving into ${JOURNAL_BACKUP_DIR}/wal (docs: README, "Backup and point-in-time recovery"). Only
# what differs is changed; archive_mode and wal_level need a restart, done only when one of them changes.
journal_pg_ensure_archiving() {
    journal_pg_check_path JOURNAL_BACKUP_DIR "${JOURNAL_BACKUP_DIR}"
    local wal="${JOURNAL_BACKUP_DIR}/wal"
    journal_pg_as_root install -d -o postgres -g postgres -m 700 "${JOURNAL_BACKUP_DIR}" "${wal}"
    # A segment already archived with the same bytes succeeds again (the server may retry after a
    # crash); one with other bytes fails. Copied under a temporary name, flushed, then renamed, so
    # the archive never holds a partial segment under a real name.
    local command="test -f ${wal}/%f && cmp -s %p ${wal}/%f || { test ! -f ${wal}/%f && cp %p ${wal}/%f.tmp && sync ${wal}/%f.tmp && mv ${wal}/%f.tmp ${wal}/%f; }"
    local current level=replica
    current="$(journal_pg_admin_psql -At -c "SELECT concat_ws('|', current_setting('wal_level'), current_setting('archive_mode'),
        current_setting('archive_command'), (SELECT setting FROM pg_settings WHERE name = 'archive_timeout'))")"
    # logical is replica and more: kept.
    if [[ ${current%%|*} == logical ]]; then level=logical; fi
    # archive_timeout bounds what exists only in the live server's pg_wal: a minute of writes.
    if [[ ${current} == "${level}|on|${command}|60" ]]; then return; fi
    journal_pg_log "archiving WAL into ${wal}"
    journal_pg_admin_psql -v level="${level}" -v command="${command}" >&2 <<'SQL'
ALTER SYSTEM SET wal_level = :'level';
ALTER SYSTEM SET archive_mode = 'on';
ALTER SYSTEM SET archive_command = :'command';
ALTER SYSTEM SET archive_timeout = '60s';
SQL
    if [[ ${current} == "${level}|on|"* ]]; then
        journal_pg_admin_psql -c 'SELECT pg_reload_conf()' >/dev/null
    else
        journal_pg_restart
    fi
}

if [[ ${JOURNAL_PG_FUNCTIONS_ONLY:-} == 1 ]]; then return 0 2>/dev/null || exit 0; fi

journal_pg_ensure

# Run directly (not sourced): print the variables so `eval "$(scripts/postgres.sh)"` works.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    for journal_pg_var in JOURNAL_PG_CONNECTION ConnectionStrings__Postgres JOURNAL_PG_PORT JOURNAL_PG_USER JOURNAL_PG_PASSWORD JOURNAL_PG_DATABASE; do
        printf 'export %s=%q\n' "${journal_pg_var}" "${!journal_pg_var}"
    done
fi
