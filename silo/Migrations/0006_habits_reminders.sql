-- Habits and their completions (HabitGrain), reminders (ReminderGrain) (PRODUCT.md §5, seeds 002 and 004),
-- and the index peer matching reads journal tags through (PRODUCT.md §7).

CREATE TABLE habits (
    id                uuid        PRIMARY KEY,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- In clear, like tags: peer matching compares habit names of users who chose to be discoverable.
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    frequency         text        NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly', 'custom')),
    target_per_period smallint    NOT NULL CHECK (target_per_period >= 1),
    -- The length of a custom period in days (meta.everyDays); NULL for the calendar frequencies.
    period_days       smallint    CHECK (period_days BETWEEN 2 AND 365),
    meta              jsonb       NOT NULL DEFAULT '{}',
    -- The user's local date when the habit was created: custom periods are counted from it.
    created_on        date        NOT NULL,
    idempotency_key   text,
    request_hash      bytea,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CHECK ((frequency = 'custom') = (period_days IS NOT NULL))
);
CREATE UNIQUE INDEX habits_user_name_key ON habits (user_id, lower(name));
CREATE UNIQUE INDEX habits_idempotency_key ON habits (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX habits_name_idx ON habits (lower(name));

-- One row per habit and local date: completing a habit twice on one date is one completion.
CREATE TABLE habit_completions (
    habit_id      uuid        NOT NULL REFERENCES habits (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    completed_on  date        NOT NULL,
    -- The garden day the completion counted for (as for journal entries), never recomputed.
    activity_date date        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (habit_id, completed_on)
);
CREATE INDEX habit_completions_user_idx ON habit_completions (user_id);

CREATE TABLE reminders (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- AES-GCM ciphertext of {title, description} under the user's data key.
    sealed_text     bytea       NOT NULL,
    -- When it fires next (a repeating reminder moves on after each firing).
    remind_at       timestamptz NOT NULL,
    -- The wall-clock time repeats follow, in the user's zone at firing time (08:00 stays 08:00 across DST).
    repeat_local    timestamp   NOT NULL,
    priority        smallint    NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 5),
    repeat          text        NOT NULL DEFAULT 'none' CHECK (repeat IN ('none', 'daily', 'weekly', 'monthly')),
    is_completed    boolean     NOT NULL DEFAULT false,
    completed_at    timestamptz,
    last_fired_at   timestamptz,
    idempotency_key text,
    request_hash    bytea,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (remind_at > created_at),
    CHECK (is_completed = (completed_at IS NOT NULL))
);
CREATE INDEX reminders_user_remind_idx ON reminders (user_id, remind_at, id);
CREATE UNIQUE INDEX reminders_idempotency_key ON reminders (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Peer matching looks for entries sharing a tag with the caller's, among shared (non-private, live) entries only.
CREATE INDEX journal_entries_shared_tags_idx ON journal_entries USING gin (tags) WHERE NOT is_private AND deleted_at IS NULL;
