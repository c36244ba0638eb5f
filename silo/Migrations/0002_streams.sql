-- Durable streams (ARCHITECTURE.md "Streams"). stream_events is the outbox and the log: an event is
-- inserted in the transaction of the change that caused it, so it exists iff that change committed.
-- tx is the inserting transaction's id. Readers only take rows with tx below the oldest transaction
-- still running and order them by (tx, seq): no row can later appear before a position already read,
-- even when transactions commit out of seq order.
CREATE TABLE stream_events (
    seq              bigserial   PRIMARY KEY,
    provider         text        NOT NULL,
    stream_namespace text        NOT NULL,
    stream_key       text        NOT NULL,
    partition        integer     NOT NULL CHECK (partition >= 0),
    event_type       text        NOT NULL,
    payload          jsonb       NOT NULL,
    tx               xid8        NOT NULL DEFAULT pg_current_xact_id(),
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- The pulling agents' read: one partition, after a (tx, seq) position, in that order.
CREATE INDEX stream_events_partition_position ON stream_events (provider, partition, tx, seq);
-- Catch-up reads of explicit subscriptions: one stream after a position.
CREATE INDEX stream_events_stream_position ON stream_events (provider, stream_namespace, stream_key, tx, seq);

-- The partition count each provider's events were hashed with: a stream's events must stay in one
-- partition, so the count may only change once every event is delivered.
CREATE TABLE stream_partitions (
    provider   text    PRIMARY KEY,
    partitions integer NOT NULL CHECK (partitions > 0)
);

-- How far each partition's agent has delivered (every consumer has passed this position).
CREATE TABLE stream_cursors (
    provider   text        NOT NULL,
    partition  integer     NOT NULL,
    tx         xid8        NOT NULL,
    seq        bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, partition)
);

-- Events a consumer still failed after every retry; the stream moved on. The payload is copied so
-- retention may delete the event itself.
CREATE TABLE stream_dead_letters (
    id               bigserial   PRIMARY KEY,
    provider         text        NOT NULL,
    consumer         text        NOT NULL,
    stream_namespace text        NOT NULL,
    stream_key       text        NOT NULL,
    tx               xid8        NOT NULL,
    seq              bigint      NOT NULL,
    event_type       text        NOT NULL,
    payload          jsonb       NOT NULL,
    error            text        NOT NULL,
    attempts         integer     NOT NULL,
    failed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_dead_letters_provider ON stream_dead_letters (provider, id);
