#!/usr/bin/env bash
# HTTP throughput of the API host (Kestrel + REST facade + co-hosted silo) with wrk.
# Starts the API (Release) on a free port against a fresh database, registers one user, then runs wrk
# against /health/live (trivial JSON), GET /v1/me/summary, POST /v1/checkins, POST /v1/journal/entries and the community's
# reads (a category feed, a post, its comment tree); prints req/s and p99 for each, stops the API and
# drops the database. See README.md in this directory.
# NODES=2 starts two nodes (one Orleans cluster on the database) and drives each with half the
# connections at once; the figures are their sums.
# OPEN=1 (the default) then measures latency with an open-model load (bench/OpenLoad: a fixed rate,
# latency counted from when each request was due) at 70 % of the summary, many-user check-in and
# many-user journal entry rates.
# BASELINE=1 (the default) also starts bench/Stateless (the same two routes as SQL per request, on the
# same database and tokens) and measures its summary and many-user check-ins right after the API's,
# then pgbench's rate of one-row INSERT transactions with as many clients as connections, and that of
# the database alone storing check-ins' rows (bench/Pgbench/checkin-rows.sh, group commit of four), also
# without the writers' state versions and with the check-in rows alone.
# Each API figure comes with the nodes' and the database server's CPU time per request (less sensitive
# to a busy machine than req/s; from a quiet machine until the work the requests set off is done) and
# how much of the machine stayed idle, and the many-user writes with
# the database's transactions, WAL flushes and row writes per request.
# Each closed run follows WARMUP_SECONDS (3) of the same load, not measured: after the one request of
# each route the set-up makes, the runtime was still compiling the hot code at its final tier during
# the first measured seconds (a route run twice took up to a quarter less of the node's CPU the second time).
# PROFILE=<part of a run's name> (e.g. PROFILE=summary) samples the first node's CPU during that run
# with perf (apt-get install linux-perf; the nodes then write perf maps for their JIT-compiled code)
# and prints the hottest functions, self time and with what they call.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
server="${JOURNAL_BENCH_POSTGRES:-Host=localhost;Port=5432;Username=journal;Password=journal;Database=journal;SSL Mode=Disable}"
pg_url="${JOURNAL_BENCH_PSQL:-postgresql://journal:journal@localhost:5432/journal?sslmode=disable}"
threads="${WRK_THREADS:-2}" connections="${WRK_CONNECTIONS:-64}" duration="${WRK_DURATION:-15s}"
nodes="${NODES:-1}" baseline="${BASELINE:-1}" open="${OPEN:-1}" open_seconds="${OPEN_SECONDS:-10}" warmup="${WARMUP_SECONDS:-3}"

# Without JOURNAL_BENCH_POSTGRES, the local server scripts/run.sh and scripts/test.sh use (installed and started if need be).
[[ -n ${JOURNAL_BENCH_POSTGRES:-} ]] && export JOURNAL_PG_FUNCTIONS_ONLY=1
source "$repo/scripts/postgres.sh"
command -v wrk >/dev/null || { echo "installing wrk" >&2; journal_pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; }
db="jbench_$(openssl rand -hex 6)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
bases=() logs=() api_pids=()

cleanup() {
    local api_pid
    for api_pid in "${api_pids[@]}"; do
        kill -0 "$api_pid" 2>/dev/null || continue
        # dotnet run forwards SIGTERM to the app; its child is also stopped directly in case it does not.
        local children; children="$(pgrep -P "$api_pid" || true)"
        kill "$api_pid" $children 2>/dev/null || true
        wait "$api_pid" 2>/dev/null || true
    done
    journal_pg_drop_database "$pg_url" "$db" || true
}
trap cleanup EXIT

psql -q "$pg_url" -c "CREATE DATABASE \"$db\"" >/dev/null
db_url="${pg_url%%\?*}" db_url="${db_url%/*}/$db?${pg_url#*\?}"

# PostgreSQL's own rate for one durable row per transaction, as many clients as connections: the
# yardstick of the writes. First, while no pool holds connections (PostgreSQL allows 100); the table
# goes before the API migrates the database.
pgbench_tps=""
if [[ $baseline == 1 ]]; then
    echo; echo "== pgbench: one-row INSERT per transaction, $connections clients, $duration"
    psql -q "$db_url" -c "CREATE TABLE pgbench_one_row (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), value int NOT NULL)"
    script="$(mktemp -t api-load-pgbench.XXXXXX.sql)"
    echo "INSERT INTO pgbench_one_row (value) VALUES (1);" >"$script"
    flushes="$(psql -At "$db_url" -c "SELECT wal_sync FROM pg_stat_wal")"
    pgbench_out="$(pgbench -n -c "$connections" -j "$threads" -T "${duration%s}" -f "$script" "$db_url" 2>&1)" || { echo "$pgbench_out" >&2; exit 1; }
    flushes=$(( $(psql -At "$db_url" -c "SELECT wal_sync FROM pg_stat_wal") - flushes ))
    rm -f "$script"
    pgbench_tps="$(awk '/^tps = / {printf "%.0f", $3}' <<<"$pgbench_out")"
    echo "$pgbench_out" | tail -4
    awk -v f="$flushes" '/transactions actually processed/ { printf "WAL flushes per transaction (group commit): %.2f\n", f / $NF }' <<<"$pgbench_out"
    psql -q "$db_url" -c "DROP TABLE pgbench_one_row"
    # What the database alone needs for the check-ins' durable rows, four users per transaction as group
    # commit batches them: how far the data model lets the check-ins come towards the yardstick. Then the
    # same without the writer's state version, and the check-in rows alone: what each part costs.
    echo; echo "== PostgreSQL alone storing check-ins' rows (bench/Pgbench/checkin-rows.sh, group commit of four), $duration each"
    rows_out="$(SHAPES="checkin-batch rows-events-batch rows-batch" ROUNDS=1 DURATION="${duration%s}" "$repo/bench/Pgbench/checkin-rows.sh" 2>&1)" || { echo "$rows_out" >&2; exit 1; }
    echo "$rows_out" | tail -3
    checkin_rows="$(awk '$1 == "checkin-batch" {print $2}' <<<"$rows_out")"
    checkin_rows_events="$(awk '$1 == "rows-events-batch" {print $2}' <<<"$rows_out")"
    checkin_rows_only="$(awk '$1 == "rows-batch" {print $2}' <<<"$rows_out")"
fi


echo "Building the API (Release)…"
dotnet build -c Release "$repo/api" -v quiet -nologo >/dev/null
[[ $baseline == 1 ]] && dotnet build -c Release "$repo/bench/Stateless" -v quiet -nologo >/dev/null
[[ $open == 1 ]] && dotnet build -c Release "$repo/bench/OpenLoad" -v quiet -nologo >/dev/null
# The nodes share the keys: a token issued by one is accepted by all.
signing_key="$(openssl rand -base64 48)" master_key="$(openssl rand -base64 32)"
for node in $(seq "$nodes"); do
    port="$(free_port)" log="$(mktemp -t api-load.XXXXXX.log)"
    bases+=("http://127.0.0.1:$port") logs+=("$log")
    echo "Starting node $node on http://127.0.0.1:$port (database $db, log $log)…"
    ConnectionStrings__Postgres="${server/Database=journal/Database=$db}" \
    Jwt__SigningKey="$signing_key" \
    Encryption__MasterKey="$master_key" \
    Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" \
    RateLimits__PerUserPerMinute=100000000 \
    RateLimits__PerAddressPerMinute=100000000 \
    Community__NewAccountAge=00:00:00 \
    Telemetry__OtlpEndpoint="" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production DOTNET_PerfMapEnabled="$([[ -n ${PROFILE:-} ]] && echo 1 || echo 0)" DOTNET_EnableWriteXorExecute="$([[ -n ${PROFILE:-} ]] && echo 0 || echo 1)" \
        dotnet run -c Release --no-build --project "$repo/api" >"$log" 2>&1 &
    api_pids+=($!)
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
        kill -0 "${api_pids[-1]}" 2>/dev/null || { echo "Node $node exited:" >&2; tail -30 "$log" >&2; exit 1; }
        sleep 0.5
    done
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "Node $node is not ready:" >&2; tail -30 "$log" >&2; exit 1; }
done
base="${bases[0]}"

# The stateless baseline: the same database and signing key, so the API's tokens are valid there too.
if [[ $baseline == 1 ]]; then
    port="$(free_port)" log="$(mktemp -t api-load-stateless.XXXXXX.log)"
    stateless="http://127.0.0.1:$port"
    echo "Starting the stateless baseline on $stateless (log $log)…"
    # The API's connection budget (SiloConfiguration.DefaultMaxPoolSize): both fit PostgreSQL's 100 slots.
    ConnectionStrings__Postgres="${server/Database=journal/Database=$db};Maximum Pool Size=40" Jwt__SigningKey="$signing_key" \
    ASPNETCORE_URLS="$stateless" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
        dotnet run -c Release --no-build --project "$repo/bench/Stateless" >"$log" 2>&1 &
    api_pids+=($!)
    for _ in $(seq 1 60); do curl -fs "$stateless/health/live" >/dev/null && break; sleep 0.5; done
    curl -fs "$stateless/health/live" >/dev/null || { echo "The baseline did not start:" >&2; tail -30 "$log" >&2; exit 1; }
fi

register() { # prints a new user's access token
    local user="bench_$(openssl rand -hex 6)"
    curl -fs -X POST "$base/v1/auth/register" -H 'Content-Type: application/json' -d "{
        \"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"correct horse battery\",\"timeZone\":\"Europe/Paris\",
        \"acceptTerms\":true,\"termsVersion\":\"v1\",\"privacyVersion\":\"v1\",\"dataProcessing\":true}" | jq -r .accessToken
}
token="$(register)"
[[ -n "$token" && "$token" != null ]] || { echo "Registration failed" >&2; exit 1; }
export JOURNAL_TOKEN="$token"
# As many users as connections, for the server-wide write figure.
users="${BENCH_USERS:-$connections}"
tokens=()
for _ in $(seq "$users"); do tokens+=("$(register)"); done
JOURNAL_TOKENS="$(IFS=,; echo "${tokens[*]}")"
export JOURNAL_TOKENS
# One of each first: the user's grains are active and every code path is jitted before measuring.
curl -fs -H "Authorization: Bearer $token" "$base/v1/me/summary" >/dev/null
for warm in "$token" "${tokens[@]}"; do
    curl -fs -X POST -H "Authorization: Bearer $warm" -H 'Content-Type: application/json' -d '{"anxietyLevel":4}' "$base/v1/checkins" >/dev/null
    curl -fs -X POST -H "Authorization: Bearer $warm" -H 'Content-Type: application/json' -d '{"content":"Warming up."}' "$base/v1/journal/entries" >/dev/null
done
if [[ $baseline == 1 ]]; then
    curl -fs -H "Authorization: Bearer $token" "$stateless/v1/me/summary" >/dev/null
    curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"anxietyLevel":4}' "$stateless/v1/checkins" >/dev/null
fi

# The community: 50 posts in General Discussion, the last with 20 comments, all read once (grains active).
general="6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e01"
for i in $(seq 50); do
    post="$(curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"categoryId\":\"$general\",\"title\":\"Post $i\",\"content\":\"What helped me today, part $i.\"}" "$base/v1/community/posts" | jq -r .id)"
done
for i in $(seq 20); do
    curl -fs -X POST -H "Authorization: Bearer ${tokens[$((i % users))]}" -H 'Content-Type: application/json' \
        -d "{\"content\":\"Thank you for sharing ($i).\"}" "$base/v1/community/posts/$post/comments" >/dev/null
done
for path in "community/posts/$post" "community/posts/$post/comments" "community/categories/$general/posts"; do
    curl -fs -H "Authorization: Bearer $token" "$base/v1/$path" >/dev/null
done

summary=()
declare -A rate=()
# CPU time the nodes' processes have used so far, in clock ticks: per request, a figure that drifts far
# less than req/s when other work shares the machine.
api_cpu() {
    local api_pid app ticks sum=0
    for api_pid in "${api_pids[@]:0:$nodes}"; do
        for app in $(pgrep -P "$api_pid"); do ticks="$(awk '{print $14 + $15}' "/proc/$app/stat" 2>/dev/null)" && sum=$((sum + ticks)); done
    done
    echo "$sum"
}
# The machine's idle clock ticks so far (all cores): how much of the machine a run left unused.
idle_ticks() { awk '$1 == "cpu" {print $5; exit}' /proc/stat; }
# Waits, after at least $1 seconds (default 0), until the nodes and the database use under a fifth of
# a core for a second (a minute at most; idle, the stream agents' polls and Orleans' timers use a few
# percent), and prints the seconds waited. Before a run, the work the run
# before set off is then done; after a write run, its stream consumers have written (they write within
# Streams:ConsumerWriteDelay, 5 s, so a write run waits 6 s first). A run's CPU figure thus includes
# the work its requests set off after their responses, and no other run's.
settle() {
    local waited="${1:-0}" before after
    sleep "$waited"
    while (( waited < 60 )); do
        before=$(( $(api_cpu) + $(journal_pg_cpu_ticks) )); sleep 1; after=$(( $(api_cpu) + $(journal_pg_cpu_ticks) )); waited=$((waited + 1))
        (( (after - before) * 5 < $(getconf CLK_TCK) )) && break
    done
    echo "$waited"
}
# How many buffers the server's checkpoints have written (the view moved in PostgreSQL 17; the
# checkpoint counts also count the timed ones skipped on an idle server). A run during which a
# checkpoint wrote says so in the summary: its flush of dirty pages is one cause of slow seconds.
checkpoint_writes() {
    psql -At "$db_url" -c "SELECT buffers_written FROM pg_stat_checkpointer" 2>/dev/null \
        || psql -At "$db_url" -c "SELECT buffers_checkpoint FROM pg_stat_bgwriter"
}
checkpoint_mark() { (( $(checkpoint_writes) > $1 )) && echo "   (checkpoint)" || true; } # the count before the run
consumer_delay() { [[ $1 == POST* ]] && echo 6 || echo 0; } # run name: seconds before its work can settle (settle)
warm_up() { # name, wrk arguments… (with "$base"): WARMUP_SECONDS of the run's load on every node, not measured, then its work done
    (( warmup > 0 )) || return 0
    local name="$1" pids=() node; shift
    for node in "${!bases[@]}"; do
        wrk -t"$(( (threads + nodes - 1) / nodes ))" -c"$((connections / nodes))" -d"${warmup}s" "${@//$base/${bases[$node]}}" >/dev/null &
        pids+=($!)
    done
    wait "${pids[@]}"
    settle "$(consumer_delay "$name")" >/dev/null
}
per_request() { awk -v ticks="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.0f", ticks * 1e6 / hz / n }'; } # CPU ticks, requests: µs each
run() { # name, wrk arguments… (with "$base"; each node gets its own share of the connections)
    warm_up "$@"
    measure "$@"
}
measure() { # name, wrk arguments…: the measured run, after its warm-up
    local name="$1"; shift
    local quiet; quiet="$(settle)"
    local cpu_before db_before idle_before started checkpoints_before; checkpoints_before="$(checkpoint_writes)" cpu_before="$(api_cpu)" db_before="$(journal_pg_cpu_ticks)" idle_before="$(idle_ticks)" started="$(date +%s.%N)" trace="" tracer=""
    if [[ -n ${PROFILE:-} && $name == *"$PROFILE"* ]]; then # the first node's CPU samples during this run (perf)
        trace="$(mktemp -t api-load-perf.XXXXXX)"
        perf record -F 499 -g -o "$trace" -p "$(pgrep -P "${api_pids[0]}" | head -1)" -- sleep "$(( ${duration%s} - 1 ))" >/dev/null 2>&1 &
        tracer=$!
    fi
    echo; echo "== $name: $nodes × wrk -t$(( (threads + nodes - 1) / nodes )) -c$((connections / nodes)) -d$duration --latency ${*//$token/<token>} (quiet after $quiet s)"
    local outs=() pids=() node
    for node in "${!bases[@]}"; do
        outs+=("$(mktemp -t api-load-wrk.XXXXXX)")
        wrk -t"$(( (threads + nodes - 1) / nodes ))" -c"$((connections / nodes))" -d"$duration" --latency "${@//$base/${bases[$node]}}" >"${outs[-1]}" &
        pids+=($!)
    done
    wait "${pids[@]}"
    local idle; idle="$(awk -v ticks="$(( $(idle_ticks) - idle_before ))" -v hz="$(getconf CLK_TCK)" -v s="$(date +%s.%N)" -v t="$started" -v cores="$(nproc)" 'BEGIN { printf "%.0f", 100 * ticks / hz / (s - t) / cores }')"
    local done_after; done_after="$(settle "$(consumer_delay "$name")")" # the work the run's requests set off, counted as theirs
    if [[ -n $tracer ]]; then
        wait "$tracer" || true
        echo "-- CPU of $name by function, self (perf report -i $trace)"
        perf report -i "$trace" --no-children --sort symbol --percent-limit 0.7 --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -40 || true # head closes the pipe early
        echo "-- … and with what they call"
        perf report -i "$trace" --children --sort symbol --percent-limit 3 --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -60 || true
    fi
    local rps=0 p99s=() out
    requests=0
    for out in "${outs[@]}"; do
        cat "$out"
        if grep -q "Non-2xx" "$out"; then echo "!! $name answered non-2xx statuses: the figure is not valid" >&2; fi
        rps="$(awk -v sum="$rps" '/^Requests\/sec:/ {sum += $2} END {print sum}' "$out")"
        requests="$(awk -v sum="$requests" '/ requests in / {sum += $1} END {print sum}' "$out")"
        p99s+=("$(awk '$1 == "99%" {print $2}' "$out")")
        rm -f "$out"
    done
    local cpu_us db_us; cpu_us="$(per_request $(( $(api_cpu) - cpu_before )) "$requests")" db_us="$(per_request $(( $(journal_pg_cpu_ticks) - db_before )) "$requests")"
    echo "-- its requests' work was done $done_after s after the load stopped"
    summary+=("$(printf '%-40s %12s req/s   p99 %-10s API CPU %5s µs/req   DB CPU %5s µs/req   idle %3s %%%s' "$name" "$rps" "$(IFS=/; echo "${p99s[*]}")" "$cpu_us" "$db_us" "$idle" "$(checkpoint_mark "$checkpoints_before")")")
    rate["$name"]="$rps"
}
baseline_run() { # name, wrk arguments… against the stateless baseline (one process)
    local name="$1"; shift
    (( warmup > 0 )) && { wrk -t"$threads" -c"$connections" -d"${warmup}s" "$@" >/dev/null; settle "$(consumer_delay "$name")" >/dev/null; }
    local quiet; quiet="$(settle)"
    echo; echo "== $name: wrk -t$threads -c$connections -d$duration --latency ${*//$token/<token>} (quiet after $quiet s)"
    local out; out="$(mktemp -t api-load-wrk.XXXXXX)"
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" >"$out"
    cat "$out"
    if grep -q "Non-2xx" "$out"; then echo "!! $name answered non-2xx statuses: the figure is not valid" >&2; fi
    rate["$name"]="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
    summary+=("$(printf '%-40s %12s req/s   p99 %s' "$name" "${rate[$name]}" "$(awk '$1 == "99%" {print $2}' "$out")")")
    rm -f "$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
open_run() { # name, measured closed-model rate, URL [BODY]: 70 % of that rate, open model, first node only
    local name="$1" measured="$2"; shift 2
    local target quiet checkpoints_before; target="$(awk -v r="$measured" 'BEGIN { printf "%d", r * 0.7 }')" quiet="$(settle)" checkpoints_before="$(checkpoint_writes)"
    echo; echo "== $name, open model at $target req/s (70 % of $measured) for $open_seconds s (quiet after $quiet s)"
    local out; out="$(dotnet "$repo/bench/OpenLoad/bin/Release/net10.0/Journal.Bench.OpenLoad.dll" "$1" "$target" "$open_seconds" "${@:2}" || true)"
    echo "$out"
    summary+=("$(printf '%-40s %12s req/s   %s%s' "$name (open, 70 %)" "$target" "$(tail -1 <<<"$out")" "$(checkpoint_mark "$checkpoints_before")")")
}
run "GET /health/live" "$base/health/live"
# Each open run comes right after its route's closed run, on the same data: the SQL baseline reads all
# of the user's rows for each answer, so later runs' writes would make it slower than the rate asked.
run "GET /v1/me/summary" -H "Authorization: Bearer $token" "$base/v1/me/summary"
[[ $open == 1 ]] && JOURNAL_TOKENS="$token" open_run "GET /v1/me/summary" "${rate[GET /v1/me/summary]}" "$base/v1/me/summary"
if [[ $baseline == 1 ]]; then
    baseline_run "GET /v1/me/summary (SQL per request)" -H "Authorization: Bearer $token" "$stateless/v1/me/summary"
    [[ $open == 1 ]] && JOURNAL_TOKENS="$token" open_run "GET /v1/me/summary (SQL per request)" "${rate[GET /v1/me/summary (SQL per request)]}" "$stateless/v1/me/summary"
fi
run "POST /v1/checkins (1 user)" -s "$here/checkin.lua" "$base/v1/checkins"
# The API database's transactions (every one PostgreSQL ended with a commit: read-only statements and the
# reset of a pooled connection count too), the server's WAL flushes (the durable commits, after group
# commit) and the row changes per table so far, one "name value" per line.
db_work() {
    psql -At -F' ' "$db_url" -c "SELECT 'transactions', xact_commit FROM pg_stat_database WHERE datname = current_database()
        UNION ALL SELECT 'wal_flushes', wal_sync FROM pg_stat_wal
        UNION ALL SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
}
write_run() { # name, wrk arguments…: a write route, then what one of its requests cost the database
    local name="$1" before; shift
    warm_up "$name" "$@" # its consumers' rows written before the database's counts are read
    before="$(db_work)"
    measure "$name" "$@" # returns once the stream consumers' work is done, PostgreSQL's statistics published
    echo; echo "== Database work per request of $name ($requests requests): transactions, WAL flushes, rows written per table"
    join -a2 -e0 -o 0,1.2,2.2 <(sort <<<"$before") <(db_work | sort) \
        | awk -v n="$requests" '$3 > $2 { printf "  %-28s %6.2f\n", $1, ($3 - $2) / n }' | sort -k2 -nr
}
export JOURNAL_BODY='{"anxietyLevel":4}'
write_run "POST /v1/checkins ($users users)" -s "$here/many-users.lua" "$base/v1/checkins"
[[ $open == 1 ]] && open_run "POST /v1/checkins ($users users)" "${rate[POST /v1/checkins ($users users)]}" "$base/v1/checkins" '{"anxietyLevel":4}'
if [[ $baseline == 1 ]]; then
    baseline_run "POST /v1/checkins ($users users, SQL per request)" -s "$here/many-users.lua" "$stateless/v1/checkins"
    [[ $open == 1 ]] && open_run "POST /v1/checkins ($users users, SQL per request)" "${rate[POST /v1/checkins ($users users, SQL per request)]}" "$stateless/v1/checkins" '{"anxietyLevel":4}'
fi
export JOURNAL_BODY='{"content":"A calm evening walk by the river, then tea with an old friend.","mood":"happy","tags":["walk"]}'
write_run "POST /v1/journal/entries ($users users)" -s "$here/many-users.lua" "$base/v1/journal/entries"
[[ $open == 1 ]] && open_run "POST /v1/journal/entries ($users users)" "${rate[POST /v1/journal/entries ($users users)]}" "$base/v1/journal/entries" "$JOURNAL_BODY"
run "GET category feed (20 of 50)" -H "Authorization: Bearer $token" "$base/v1/community/categories/$general/posts"
run "GET post" -H "Authorization: Bearer $token" "$base/v1/community/posts/$post"
run "GET post comments (20)" -H "Authorization: Bearer $token" "$base/v1/community/posts/$post/comments"

[[ -n $pgbench_tps ]] && summary+=("$(printf '%-40s %12s tps' "pgbench one-row INSERT ($connections clients)" "$pgbench_tps")")
[[ -n ${checkin_rows:-} ]] && summary+=("$(printf '%-40s %12s rows/s' "PostgreSQL alone, check-ins' rows" "$checkin_rows")") \
    && summary+=("$(printf '%-40s %12s rows/s' "  … without the writers' state versions" "$checkin_rows_events")") \
    && summary+=("$(printf '%-40s %12s rows/s' "  … the check-in rows alone" "$checkin_rows_only")")

echo; echo "== Summary ($nodes node(s), $(nproc) cores, wrk on the same machine)"
printf '%s\n' "${summary[@]}"
echo "summary / live: $(ratio "${rate[GET /v1/me/summary]}" "${rate[GET /health/live]}")"
if [[ $baseline == 1 ]]; then
    echo "grains / SQL per request: summary $(ratio "${rate[GET /v1/me/summary]}" "${rate[GET /v1/me/summary (SQL per request)]}")," \
        "check-ins $(ratio "${rate[POST /v1/checkins ($users users)]}" "${rate[POST /v1/checkins ($users users, SQL per request)]}")"
    echo "check-ins ($users users) / pgbench one-row INSERT: $(ratio "${rate[POST /v1/checkins ($users users)]}" "$pgbench_tps")" \
        "(PostgreSQL alone storing check-ins' rows: $(ratio "$checkin_rows" "$pgbench_tps"); the check-ins reach $(ratio "${rate[POST /v1/checkins ($users users)]}" "$checkin_rows") of it)"
    echo "PostgreSQL alone / pgbench one-row INSERT, the parts of that: the check-in rows alone $(ratio "$checkin_rows_only" "$pgbench_tps")," \
        "with their outbox events $(ratio "$checkin_rows_events" "$pgbench_tps")"
    echo "journal entries ($users users) / pgbench one-row INSERT: $(ratio "${rate[POST /v1/journal/entries ($users users)]}" "$pgbench_tps")"
fi
