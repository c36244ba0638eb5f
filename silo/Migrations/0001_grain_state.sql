-- Grain-private state that is not queried across users (ARCHITECTURE.md "Data and persistence").
-- version is the ETag: every write is "... WHERE version = @expected" and bumps it. A cleared state
-- keeps its row with a NULL payload (a tombstone), so its version keeps growing and an old ETag can
-- never match again.
CREATE TABLE IF NOT EXISTS grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    state_name  text        NOT NULL,
    payload     jsonb,
    version     bigint      NOT NULL CHECK (version > 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);
