-- Attachments on journal entries (PRODUCT.md §2, seed 001's table `attachments`).
-- A row is written by the user's AttachmentsGrain only; the file itself is a blob in the attachment store
-- (a folder or an S3-compatible bucket), sealed in 64 KiB AES-GCM chunks under a key derived from the
-- user's data key, so deleting that key crypto-shreds the files as it does the journal text.
-- Seed 001's s3_url and thumbnail_url are left out: files are served through the API, never by a public
-- URL; storage_key and thumbnail_key are its s3_key and thumbnail_s3_key for either store.
-- Purging an entry from the trash removes its attachments' rows (ON DELETE CASCADE); the grain sweeps
-- the blobs left without a row.

CREATE TABLE attachments (
    id               uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    journal_entry_id uuid        NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
    file_name        text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    -- The plaintext size (what counts against the quota); the blob is 16 bytes per chunk larger.
    file_size        bigint      NOT NULL CHECK (file_size > 0 AND file_size <= 52428800),
    -- Sniffed from the file's bytes, never taken from the request.
    media_type       text        NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf')),
    storage_key      text        NOT NULL CHECK (length(storage_key) <= 500),
    thumbnail_key    text        CHECK (length(thumbnail_key) <= 500),
    thumbnail_size   bigint      CHECK (thumbnail_size > 0),
    idempotency_key  text,
    request_hash     bytea,
    uploaded_at      timestamptz NOT NULL,
    -- Soft delete: the row and blob stay for the trash retention (30 days), then the grain purges them.
    deleted_at       timestamptz,
    CHECK ((thumbnail_key IS NULL) = (thumbnail_size IS NULL))
);
CREATE INDEX attachments_by_entry ON attachments (journal_entry_id, uploaded_at, id) WHERE deleted_at IS NULL;
CREATE INDEX attachments_by_user ON attachments (user_id);
CREATE UNIQUE INDEX attachments_idempotency_key ON attachments (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
