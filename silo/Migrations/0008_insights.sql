-- Stream-fed analytics (PRODUCT.md §2 sentiment, §3 insights; issue 6).
-- The sentiment score of an entry, computed by the journal grain from the plaintext while it has it
-- (grains/Insights/SentimentScorer.cs): a number in [-1, 1], never text. NULL for entries written
-- before this migration.
ALTER TABLE journal_entries ADD COLUMN sentiment double precision CHECK (sentiment BETWEEN -1 AND 1);

-- Weekly and monthly insight documents the user's insights grain generated (its only rows). The
-- document names themes and keywords taken from private text, so it is sealed under the user's data
-- key like the journal text: deleting the key shreds it.
CREATE TABLE insight_documents (
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            text        NOT NULL CHECK (kind IN ('weekly', 'monthly')),
    period          text        NOT NULL, -- 2026-W48 or 2026-11
    generated_at    timestamptz NOT NULL,
    sealed_document bytea       NOT NULL,
    PRIMARY KEY (user_id, kind, period)
);
