#!/usr/bin/env bash
# What PostgreSQL alone needs to store check-ins, against the yardstick of issue 15's write goal (one
# durable one-row INSERT per transaction, 64 clients; bench/ApiLoad runs its own in pgbench's simple
# protocol, this script with -M prepared as for the other shapes):
#   one-row   — the yardstick: INSERT INTO a table with a bigserial key, one per transaction;
#   checkin   — a check-in's durable work as the mood grain writes it: the grain state's version check
#               and bump with its outbox event (one statement), then the check-in row, one check-in per
#               transaction;
#   checkin-batch — the same for four users in one transaction (the service's group commit), 16 clients;
#   rows-events-batch — as checkin-batch without the state's version check and bump: the check-in row
#               and its outbox event;
#   rows-batch — as checkin-batch with the check-in row alone: what storing the check-in itself costs.
# The last two take a check-in apart: what its event and its writer's state version add to the row.
# The tables, keys and indexes are those of the migrations (grain_state, stream_events, checkins
# with its foreign key to users). pgbench -M prepared, each transaction's statements in one pipeline as
# Npgsql sends a batch. Prints check-ins (rows) per second, the database server's CPU per check-in and
# the ratio to the yardstick. Creates and drops its own database on the local server
# (scripts/postgres.sh). ROUNDS (default 2) alternates the shapes that many times; DURATION (default 8)
# seconds per run; SHAPES (default all five) the shapes to run (bench/ApiLoad runs the three batches,
# next to its own yardstick).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${ROUNDS:-2}" duration="${DURATION:-8}" shapes="${SHAPES:-one-row checkin checkin-batch rows-events-batch rows-batch}" users=64
source "$repo/bench/Pgbench/scratch.sh" checkins

cat >"$work/schema.sql" <<SQL
DROP TABLE IF EXISTS pgbench_one_row, checkins, stream_events, grain_state, users CASCADE;
CREATE TABLE pgbench_one_row (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), value int NOT NULL);
CREATE TABLE users (id uuid PRIMARY KEY);
INSERT INTO users SELECT md5(n::text)::uuid FROM generate_series(1, $users) n;
CREATE TABLE grain_state (
    grain_type text NOT NULL, grain_key text NOT NULL, state_name text NOT NULL, payload jsonb,
    version bigint NOT NULL CHECK (version > 0), updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name));
INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version)
    SELECT 'mood', md5(n::text)::uuid::text, 'mood', '{"eventSequence": 1}', 1 FROM generate_series(1, $users) n;
CREATE TABLE stream_events (
    seq bigserial, provider text NOT NULL, stream_namespace text NOT NULL, stream_key text NOT NULL,
    partition integer NOT NULL CHECK (partition >= 0), epoch integer NOT NULL CHECK (epoch >= 0),
    event_type text NOT NULL, payload jsonb NOT NULL, tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    created_at timestamptz NOT NULL DEFAULT now(), replay_for text,
    PRIMARY KEY (provider, partition, epoch, tx, seq));
CREATE INDEX stream_events_stream_position ON stream_events (provider, stream_namespace, stream_key, epoch, tx, seq);
CREATE TABLE checkins (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    anxiety_level smallint NOT NULL CHECK (anxiety_level BETWEEN 1 AND 10),
    mood text CHECK (mood IN ('ecstatic', 'happy', 'neutral', 'sad', 'anxious', 'angry')),
    triggers text[] NOT NULL DEFAULT '{}', sealed_notes bytea, at timestamptz NOT NULL, activity_date date NOT NULL,
    idempotency_key text, request_hash bytea, created_at timestamptz NOT NULL);
CREATE UNIQUE INDEX checkins_idempotency_key ON checkins (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX checkins_user_at_idx ON checkins (user_id, at DESC, id DESC);
SQL

# One pgbench script per shape: per_transaction users' check-ins in one pipeline (one implicit transaction),
# each writing what parts names: "state event row" (as the mood grain does), "event row" or "row" (the
# state's version check and bump is the statement the event's INSERT reads, so "state" needs "event").
script() { # parts, per_transaction
    [[ $1 == one-row ]] && { echo "INSERT INTO pgbench_one_row (value) VALUES (1);"; return; }
    local k user key event partition
    echo '\startpipeline'
    for ((k = 0; k < $2; k++)); do
        user="md5((:client_id * $2 + $k + 1)::text)::uuid"
        key="$user::text"
        event="'{\"kind\": \"CheckInCreated\", \"userId\": \"' || $key || '\", \"source\": \"mood\", \"sequence\": 2, \"activityDate\": \"2026-12-05\", \"at\": \"2026-12-05T10:00:00+00:00\", \"anxietyLevel\": 4}'"
        partition="(:client_id * $2 + $k) % 8"
        if [[ $1 == *state* ]]; then
            echo "WITH v AS (UPDATE grain_state SET payload = '{\"eventSequence\": 2}'::jsonb, version = version + 1, updated_at = now()" \
                 "WHERE grain_type = 'mood' AND grain_key = $key AND state_name = 'mood' RETURNING version)" \
                 "INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)" \
                 "SELECT 'default', 'activity', $key, $partition, 0, 'ActivityEvent', ($event)::jsonb FROM v;"
        elif [[ $1 == *event* ]]; then
            echo "INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)" \
                 "VALUES ('default', 'activity', $key, $partition, 0, 'ActivityEvent', ($event)::jsonb);"
        fi
        echo "INSERT INTO checkins (id, user_id, anxiety_level, at, activity_date, created_at)" \
             "VALUES (gen_random_uuid(), $user, 4, now(), current_date, now());"
    done
    echo '\endpipeline'
    return 0
}

yardstick=""
run() { # name, parts, check-ins per transaction, clients
    psql -q "$db_url" -f "$work/schema.sql" >/dev/null 2>&1
    script "$2" "$3" >"$work/$1.sql"
    timed_pgbench "$work/$1.sql" "$4"
    local rows; rows="$(awk -v tps="$tps" -v k="$3" 'BEGIN { printf "%.0f", tps * k }')"
    [[ $2 == one-row ]] && yardstick="$rows"
    awk -v name="$1" -v rows="$rows" -v n="$transactions" -v k="$3" -v cpu="$cpu_us" -v y="$yardstick" \
        'BEGIN { printf "%-17s %8.0f rows/s   database CPU %5.0f µs per row", name, rows, cpu / (n * k)
                 if (y != "") printf "   %5.2f× one-row", rows / y
                 printf "\n" }'
}

echo "pgbench -M prepared, ${duration}s a run; one-row and checkin with 64 clients, the batches with 16"
for ((round = 1; round <= rounds; round++)); do
    for shape in $shapes; do
        case $shape in
            one-row) run one-row one-row 1 64 ;;
            checkin) run checkin "state event row" 1 64 ;;
            checkin-batch) run checkin-batch "state event row" 4 16 ;;
            rows-events-batch) run rows-events-batch "event row" 4 16 ;;
            rows-batch) run rows-batch row 4 16 ;;
            *) echo "unknown shape $shape" >&2; exit 2 ;;
        esac
    done
done
