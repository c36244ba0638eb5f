-- The notification inbox (PRODUCT.md §5). One writer: the user's NotificationGrain. Title and body
-- may quote the user's own private text (a reminder's title), so both are sealed under the user's
-- data key like every other private text; kind and times are plain so lists need no decryption to filter.

CREATE TABLE notifications (
    user_id      uuid        NOT NULL,
    id           uuid        NOT NULL,
    kind         text        NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    sealed_title bytea       NOT NULL,
    sealed_body  bytea       NOT NULL,
    -- Set by callers that may notify twice for one cause (redelivered events, re-fired reminders).
    dedupe_key   text,
    created_at   timestamptz NOT NULL,
    read_at      timestamptz,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, dedupe_key)
);

-- The inbox lists newest first, optionally unread only.
CREATE INDEX notifications_by_user_time ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL;
