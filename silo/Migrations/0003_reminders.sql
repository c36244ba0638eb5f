-- Durable reminders (Orleans' reminder table). due_at is the scheduled time of the next tick;
-- fire_at is when the service fires it: due_at, a retry time after a failed tick, or a lease while a
-- tick runs (so a crash mid-tick fires it again). period_ms NULL is a one-shot reminder. Every
-- registration takes a new version from a sequence, so a tick finishing late never changes or
-- deletes a newer registration, even one made after the reminder was deleted.
CREATE SEQUENCE grain_reminder_versions;

CREATE TABLE grain_reminders (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    name        text        NOT NULL,
    first_due   timestamptz NOT NULL,
    due_at      timestamptz NOT NULL,
    fire_at     timestamptz NOT NULL,
    period_ms   bigint      CHECK (period_ms > 0),
    version     bigint      NOT NULL DEFAULT nextval('grain_reminder_versions'),
    failures    integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX grain_reminders_fire_at ON grain_reminders (fire_at);
