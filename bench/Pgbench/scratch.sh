# Sourced by the pgbench scripts in this folder, after they set $repo: the local PostgreSQL server
# (scripts/postgres.sh, or JOURNAL_BENCH_PSQL's), a database of the script's own ($db at $db_url) and a
# work folder ($work), both removed on exit, and timed_pgbench. $1: the name the database and folder start with.
pg_url="${JOURNAL_BENCH_PSQL:-postgresql://journal:journal@localhost:5432/journal?sslmode=disable}"
[[ -n ${JOURNAL_BENCH_PSQL:-} ]] && export JOURNAL_PG_FUNCTIONS_ONLY=1
source "$repo/scripts/postgres.sh" >/dev/null

db="jbench_$1_$(openssl rand -hex 4)"
db_url="${pg_url%%\?*}" db_url="${db_url%/*}/$db?${pg_url#*\?}"
work="$(mktemp -d -t "$1.XXXXXX")"
trap 'journal_pg_drop_database "$pg_url" "$db" || true; rm -rf "$work"' EXIT
psql -q "$pg_url" -c "CREATE DATABASE \"$db\"" >/dev/null

# pgbench -M prepared on $db_url for $duration seconds: SCRIPT CLIENTS. Sets transactions, tps and
# cpu_us, the database server's CPU time over the run in µs.
timed_pgbench() {
    local before out after
    before="$(journal_pg_cpu_ticks)"
    out="$(pgbench -n -M prepared -c "$2" -j 2 -T "$duration" -f "$1" "$db_url" 2>&1)" || { echo "$out" >&2; exit 1; }
    after="$(journal_pg_cpu_ticks)"
    transactions="$(awk '/transactions actually processed/ {print $NF}' <<<"$out")"
    tps="$(awk '/^tps = / {print $3}' <<<"$out")"
    cpu_us="$(awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", ticks / hz * 1e6 }')"
}
