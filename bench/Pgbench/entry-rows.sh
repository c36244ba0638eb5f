#!/usr/bin/env bash
# What PostgreSQL alone needs to write journal entries, by the shape of the blind search index:
#   terms  — as stored (migration 0007): a row per term in journal_search_terms, with its primary key,
#            its lookup index and its foreign key to the entry;
#   arrays — the entry's tokens and weights as two arrays on its own row, with a GIN index over the
#            tokens (tried in issue 15's sixteenth step and left out: searches that hit many entries
#            were 4-5x slower, docs/PERFORMANCE.md);
#   none   — the entry row without any index terms (the floor).
# Four users' entries per transaction (as the service's group commit batches them), seven terms each
# (a short entry), pgbench with 16 clients, -M prepared. Prints entries per second and the database
# server's CPU per entry for each shape. Creates and drops its own database on the local server
# (scripts/postgres.sh). ROUNDS (default 2) alternates the shapes that many times; DURATION (default
# 8) seconds per run.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${ROUNDS:-2}" duration="${DURATION:-8}" clients=16 per_transaction=4
source "$repo/bench/Pgbench/scratch.sh" entries

# journal_entries as the migrations make it, with the two array columns of the "arrays" shape (NULL unless written).
cat >"$work/schema.sql" <<'SQL'
DROP TABLE IF EXISTS journal_search_terms, journal_entries, users CASCADE;
CREATE TABLE users (id uuid PRIMARY KEY);
INSERT INTO users SELECT md5(n::text)::uuid FROM generate_series(1, 64) n;
CREATE TABLE journal_entries (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_date date NOT NULL, activity_date date NOT NULL, sealed_text bytea NOT NULL,
    mood text CHECK (mood IN ('ecstatic', 'happy', 'neutral', 'sad', 'anxious', 'angry')), mood_rating smallint,
    tags text[] NOT NULL DEFAULT '{}', weather text, is_private boolean NOT NULL DEFAULT false, prompt_id uuid,
    word_count integer NOT NULL, reading_time_seconds integer NOT NULL, version integer NOT NULL DEFAULT 1,
    idempotency_key text, request_hash bytea, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
    deleted_at timestamptz, sentiment double precision, secret_tag_id uuid,
    search_tokens bytea[], search_weights smallint[]);
CREATE UNIQUE INDEX ON journal_entries (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ON journal_entries (secret_tag_id) WHERE secret_tag_id IS NOT NULL;
CREATE INDEX ON journal_entries USING gin (tags) WHERE NOT is_private AND deleted_at IS NULL;
CREATE INDEX ON journal_entries (user_id, entry_date DESC, created_at DESC);
CREATE TABLE journal_search_terms (
    user_id uuid NOT NULL, entry_id uuid NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
    token bytea NOT NULL CHECK (length(token) = 16), weight smallint NOT NULL CHECK (weight > 0),
    PRIMARY KEY (entry_id, token));
CREATE INDEX ON journal_search_terms (user_id, token) INCLUDE (entry_id, weight);
SQL

# One pgbench script per shape: a pipeline of four users' entries, as one implicit transaction.
script() { # shape: none | terms | arrays
    local k user id tokens entry="INSERT INTO journal_entries (id, user_id, entry_date, activity_date, sealed_text, mood, tags, word_count, reading_time_seconds, created_at, updated_at, sentiment"
    tokens="ARRAY[$(printf "decode(md5(random()::text), 'hex')%.0s," {1..7} | sed 's/,$//')]"
    echo '\set r random(1, 2000000000)'
    echo '\startpipeline'
    for ((k = 0; k < per_transaction; k++)); do
        user="md5((:client_id * $per_transaction + $k + 1)::text)::uuid" id="md5(:client_id || '-' || :r || '-$k')::uuid"
        local values="$id, $user, current_date, current_date, decode(repeat('ab', 140), 'hex'), 'happy', '{walk}', 12, 4, now(), now(), 0.5"
        case $1 in
            none) echo "$entry) VALUES ($values);" ;;
            terms) echo "$entry) VALUES ($values);"
                   echo "INSERT INTO journal_search_terms (user_id, entry_id, token, weight) SELECT $user, $id, t.token, 1 FROM unnest($tokens) AS t (token);" ;;
            arrays) echo "$entry, search_tokens, search_weights) VALUES ($values, $tokens, '{1,1,1,1,1,1,1}');" ;;
        esac
    done
    echo '\endpipeline'
}

run() { # shape
    psql -q "$db_url" -f "$work/schema.sql" >/dev/null 2>&1
    [[ $1 == arrays ]] && psql -q "$db_url" -c "CREATE INDEX ON journal_entries USING gin (search_tokens)" >/dev/null
    script "$1" >"$work/$1.sql"
    timed_pgbench "$work/$1.sql" "$clients"
    awk -v shape="$1" -v n="$transactions" -v tps="$tps" -v k="$per_transaction" -v cpu="$cpu_us" \
        'BEGIN { printf "%-7s %8.0f entries/s   database CPU %5.0f µs per entry\n", shape, tps * k, cpu / (n * k) }'
}

echo "$per_transaction users' entries per transaction, 7 terms each, $clients clients, ${duration}s a run"
for ((round = 1; round <= rounds; round++)); do
    for shape in none terms arrays; do run "$shape"; done
done
