-- Accounts, settings, consent, sessions, the per-user data keys, journal entries, check-ins,
-- AI-usage logs and the security audit log (PRODUCT.md §1–§3, §9; seeds 000–004).
-- Each per-user table has one writer: the user's grain (UserGrain, JournalGrain, MoodGrain).
-- Private free text (entry title/content/location, check-in and AI-usage notes) is stored only as
-- AES-GCM ciphertext under the user's data key (user_keys), itself wrapped by the master key.

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    username      text,
    email         text,
    password_hash text,
    pseudonym     text        NOT NULL,
    display_name  text,
    bio           text,
    time_zone     text        NOT NULL,
    language      text        NOT NULL DEFAULT 'en',
    theme         text        NOT NULL DEFAULT 'system' CHECK (theme IN ('light', 'dark', 'system')),
    roles         text[]      NOT NULL DEFAULT '{user}',
    is_premium    boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    last_login_at timestamptz,
    -- Set when deletion started; the row is scrubbed at once and removed when the user's other
    -- grains have erased their rows (a durable reminder finishes a deletion a failure interrupted).
    deleted_at    timestamptz,
    -- What the user chose for their community posts when deleting (kept to finish the deletion).
    delete_community_content boolean NOT NULL DEFAULT false,
    CHECK (deleted_at IS NOT NULL OR (username IS NOT NULL AND password_hash IS NOT NULL)),
    CHECK (username IS NULL OR username ~ '^[A-Za-z0-9_]{3,30}$')
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username)) WHERE username IS NOT NULL;
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_pseudonym_key ON users (pseudonym);

-- The user's data key, wrapped (AES-GCM) by the master key named by master_key_id.
-- Deleting this row crypto-shreds every ciphertext of the user, backups included.
CREATE TABLE user_keys (
    user_id       uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    wrapped_key   bytea       NOT NULL,
    master_key_id text        NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE user_settings (
    user_id                   uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    day_start_hour            smallint    NOT NULL DEFAULT 0 CHECK (day_start_hour BETWEEN 0 AND 6),
    private_mode              boolean     NOT NULL DEFAULT false,
    discoverable              boolean     NOT NULL DEFAULT false,
    notify_daily_tip          boolean     NOT NULL DEFAULT true,
    notify_community_activity boolean     NOT NULL DEFAULT true,
    notify_weekly_insights    boolean     NOT NULL DEFAULT true,
    notify_monthly_insights   boolean     NOT NULL DEFAULT true,
    notify_reminder_to_write  boolean     NOT NULL DEFAULT false,
    updated_at                timestamptz NOT NULL
);

CREATE TABLE user_consents (
    user_id             uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    terms_version       text        NOT NULL,
    terms_accepted_at   timestamptz NOT NULL,
    privacy_version     text        NOT NULL,
    privacy_accepted_at timestamptz NOT NULL,
    data_processing     boolean     NOT NULL DEFAULT false,
    marketing           boolean     NOT NULL DEFAULT false,
    updated_at          timestamptz NOT NULL
);

-- A login on one device. Refresh tokens rotate: each is stored hashed and used once; presenting a
-- used one again is reuse (a stolen token) and revokes the session.
CREATE TABLE user_sessions (
    id             uuid        PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text,
    user_agent     text
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES user_sessions (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE journal_entries (
    id                   uuid        PRIMARY KEY,
    user_id              uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_date           date        NOT NULL,
    -- The streak day the entry was written on (user's zone and dayStartHour then), never recomputed.
    activity_date        date        NOT NULL,
    -- AES-GCM ciphertext of {title, content, location}.
    sealed_text          bytea       NOT NULL,
    mood                 text        CHECK (mood IN ('ecstatic', 'happy', 'neutral', 'sad', 'anxious', 'angry')),
    mood_rating          smallint    CHECK (mood_rating BETWEEN 1 AND 10),
    tags                 text[]      NOT NULL DEFAULT '{}',
    weather              text,
    is_private           boolean     NOT NULL DEFAULT false,
    prompt_id            uuid,
    word_count           integer     NOT NULL CHECK (word_count >= 0),
    reading_time_seconds integer     NOT NULL CHECK (reading_time_seconds >= 0),
    version              integer     NOT NULL DEFAULT 1,
    idempotency_key      text,
    request_hash         bytea,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    deleted_at           timestamptz
);
CREATE INDEX journal_entries_user_date_idx ON journal_entries (user_id, entry_date DESC, created_at DESC);
CREATE UNIQUE INDEX journal_entries_idempotency_key ON journal_entries (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE checkins (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    anxiety_level   smallint    NOT NULL CHECK (anxiety_level BETWEEN 1 AND 10),
    mood            text        CHECK (mood IN ('ecstatic', 'happy', 'neutral', 'sad', 'anxious', 'angry')),
    triggers        text[]      NOT NULL DEFAULT '{}',
    sealed_notes    bytea,
    at              timestamptz NOT NULL,
    activity_date   date        NOT NULL,
    idempotency_key text,
    request_hash    bytea,
    created_at      timestamptz NOT NULL
);
CREATE INDEX checkins_user_at_idx ON checkins (user_id, at DESC, id DESC);
CREATE UNIQUE INDEX checkins_idempotency_key ON checkins (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE ai_usage_logs (
    id               uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tool_name        text        NOT NULL,
    duration_minutes integer     NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    sealed_notes     bytea,
    at               timestamptz NOT NULL,
    idempotency_key  text,
    request_hash     bytea,
    created_at       timestamptz NOT NULL
);
CREATE INDEX ai_usage_logs_user_at_idx ON ai_usage_logs (user_id, at DESC, id DESC);
CREATE UNIQUE INDEX ai_usage_logs_idempotency_key ON ai_usage_logs (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Security events (PRODUCT.md §9). Append-only; user and IP are keyed hashes, never the values.
CREATE TABLE audit_log (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    event     text        NOT NULL,
    user_hash text,
    ip_hash   text,
    details   jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
