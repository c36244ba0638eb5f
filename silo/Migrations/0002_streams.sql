-- Durable streams (ARCHITECTURE.md "Streams"). stream_events is the outbox and the log: an event is
-- inserted in the transaction of the change that caused it, so it exists iff that change committed.
--
-- An event's position is (epoch, tx, seq). tx is the inserting transaction's id. Readers take rows of
-- the current epoch only when tx is below the oldest transaction still running, and order by
-- (epoch, tx, seq): no row can later appear before a position already read, even when transactions
-- commit out of seq order. Transaction ids belong to one PostgreSQL cluster: when the data is
-- restored into another (a dump, a logical migration), the provider finds positions above the new
-- cluster's counter and starts a new epoch. Rows of earlier epochs are final (their cluster is gone),
-- so they are readable at once, and they sort before everything the new cluster writes.
CREATE TABLE stream_events (
    seq              bigserial   PRIMARY KEY,
    provider         text        NOT NULL,
    stream_namespace text        NOT NULL,
    stream_key       text        NOT NULL,
    partition        integer     NOT NULL CHECK (partition >= 0),
    epoch            integer     NOT NULL CHECK (epoch >= 0),
    event_type       text        NOT NULL,
    payload          jsonb       NOT NULL,
    tx               xid8        NOT NULL DEFAULT pg_current_xact_id(),
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- The pulling agents' read: one partition, after a position, in position order.
CREATE INDEX stream_events_partition_position ON stream_events (provider, partition, epoch, tx, seq);
-- Catch-up reads of explicit subscriptions: one stream after a position.
CREATE INDEX stream_events_stream_position ON stream_events (provider, stream_namespace, stream_key, epoch, tx, seq);

-- Per provider: the partition count its events were hashed with (a stream's events must stay in one
-- partition, so the count may only change once every event is delivered) and the current epoch.
CREATE TABLE stream_partitions (
    provider   text    PRIMARY KEY,
    partitions integer NOT NULL CHECK (partitions > 0),
    epoch      integer NOT NULL DEFAULT 0 CHECK (epoch >= 0)
);

-- How far each partition's agent has delivered (every consumer has passed this position).
CREATE TABLE stream_cursors (
    provider   text        NOT NULL,
    partition  integer     NOT NULL,
    epoch      integer     NOT NULL,
    tx         xid8        NOT NULL,
    seq        bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, partition)
);

-- Events a consumer still failed after every retry; the stream moved on. The payload is copied so
-- retention may delete the event itself. A replay claims the letter until replay_lease_until, so two
-- replays of one letter never run at once.
CREATE TABLE stream_dead_letters (
    id                 bigserial   PRIMARY KEY,
    provider           text        NOT NULL,
    consumer           text        NOT NULL,
    stream_namespace   text        NOT NULL,
    stream_key         text        NOT NULL,
    epoch              integer     NOT NULL,
    tx                 xid8        NOT NULL,
    seq                bigint      NOT NULL,
    event_type         text        NOT NULL,
    payload            jsonb       NOT NULL,
    error              text        NOT NULL,
    attempts           integer     NOT NULL,
    failed_at          timestamptz NOT NULL DEFAULT now(),
    replay_lease_until timestamptz
);
CREATE INDEX stream_dead_letters_provider ON stream_dead_letters (provider, id);
