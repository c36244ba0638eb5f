-- Durable reminders (Orleans' reminder table). due_at is the next tick; period NULL is a one-shot
-- reminder. version changes on every registration, so a tick finishing late never overwrites a
-- re-registration.
CREATE TABLE grain_reminders (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    name        text        NOT NULL,
    first_due   timestamptz NOT NULL,
    due_at      timestamptz NOT NULL,
    period_ms   bigint      CHECK (period_ms > 0),
    version     bigint      NOT NULL,
    failures    integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX grain_reminders_due ON grain_reminders (due_at);
