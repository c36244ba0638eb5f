-- Secret tags (PRODUCT.md §2, seed 002's secret_tags; docs/SECRET_TAGS.md, docs/SECURITY.md).
-- A secret tag protects journal entries with a phrase the server never stores. Each tag has a random
-- AES-256 key; the row holds it only wrapped (AES-GCM) under a key derived from the phrase with
-- Argon2id (salt and cost per row, so a later tuning leaves older tags readable). The successful
-- unwrap is the phrase check: there is no separate verifier, and nothing else here is derived from
-- the phrase (seed 002's unsalted, globally unique phrase_hash would let anyone test guesses offline
-- at hash speed, so it is left out). The tag's name is private text: sealed under the user's data key.
-- Rows are written by the user's journal grain only (entries and their tags are one unit of consistency).

CREATE TABLE secret_tags (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sealed_name     bytea       NOT NULL,
    color           text        NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
    kdf_salt        bytea       NOT NULL CHECK (length(kdf_salt) = 16),
    kdf_memory_kib  integer     NOT NULL CHECK (kdf_memory_kib > 0),
    kdf_passes      integer     NOT NULL CHECK (kdf_passes > 0),
    wrapped_key     bytea       NOT NULL,
    idempotency_key text,
    request_hash    bytea,
    created_at      timestamptz NOT NULL
);
CREATE INDEX secret_tags_user ON secret_tags (user_id);
CREATE UNIQUE INDEX secret_tags_idempotency_key ON secret_tags (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- An entry under a secret tag has its text AND its figures (mood, rating, tags, weather, privacy,
-- prompt, word count, reading time, sentiment) sealed together under the tag's key; the clear columns
-- hold neutral values, and is_private is true, so every query over the clear columns (insights'
-- rebuild, peer matching, tag suggestions) leaves it out without knowing about secret tags.
ALTER TABLE journal_entries ADD COLUMN secret_tag_id uuid REFERENCES secret_tags (id);
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_secret_conceals CHECK (
    secret_tag_id IS NULL OR (
        mood IS NULL AND mood_rating IS NULL AND tags = '{}' AND weather IS NULL AND prompt_id IS NULL AND is_private
        AND word_count = 0 AND reading_time_seconds = 0 AND sentiment IS NULL));
CREATE INDEX journal_entries_secret_tag ON journal_entries (secret_tag_id) WHERE secret_tag_id IS NOT NULL;
