-- The pseudonymous community and its moderation (PRODUCT.md §7–§8; seeds 000, 004).
-- One writer per row: categories by CommunityCategoriesGrain; a post (and the reports it counted)
-- by its PostGrain; a post's comments and thread summary by its ThreadGrain; a member's sanctions,
-- the reports they file and their appeals by their MemberGrain; claims, resolutions, appeal decisions
-- and reversals by ModerationQueueGrain. Each moderation action row is written by the grain that
-- performed the action, in the same transaction as the change it records.
-- Authors are linked by id only so they can edit and be sanctioned; readers see the pseudonym, which
-- is copied here so that it survives the account (a deleted account leaves author_id NULL).

CREATE TABLE community_categories (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description text,
    sort_order  integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX community_categories_name_key ON community_categories (lower(name));

INSERT INTO community_categories (id, name, description, sort_order, created_at, updated_at) VALUES
    ('6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e01', 'General Discussion', 'Share how things are going and support each other.', 1, now(), now()),
    ('6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e02', 'Coping Strategies', 'What helps you through hard moments: techniques, routines, small wins.', 2, now(), now());

CREATE TABLE community_posts (
    id               uuid        PRIMARY KEY,
    -- RESTRICT: a category that still has posts cannot be deleted (409).
    category_id      uuid        NOT NULL REFERENCES community_categories (id) ON DELETE RESTRICT,
    author_id        uuid        REFERENCES users (id) ON DELETE SET NULL,
    author_pseudonym text        NOT NULL,
    title            text        NOT NULL,
    content          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('visible', 'hidden', 'deleted')),
    locked           boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    edited_at        timestamptz,
    -- A create retried with its Idempotency-Key finds its first result (unique per author).
    idempotency_key  text,
    request_hash     bytea
);
CREATE UNIQUE INDEX community_posts_idempotency_key ON community_posts (author_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX community_posts_feed_new ON community_posts (category_id, created_at DESC, id DESC) WHERE status = 'visible';
CREATE INDEX community_posts_by_author ON community_posts (author_id, created_at DESC) WHERE author_id IS NOT NULL;

CREATE TABLE community_threads (
    post_id         uuid        PRIMARY KEY REFERENCES community_posts (id) ON DELETE CASCADE,
    comment_count   integer     NOT NULL DEFAULT 0,
    -- The "active" sort key: the post's creation, then each new comment.
    last_activity_at timestamptz NOT NULL
);
CREATE INDEX community_threads_activity ON community_threads (last_activity_at DESC, post_id DESC);

CREATE TABLE community_comments (
    id               uuid        PRIMARY KEY,
    post_id          uuid        NOT NULL REFERENCES community_posts (id) ON DELETE CASCADE,
    parent_id        uuid        REFERENCES community_comments (id),
    author_id        uuid        REFERENCES users (id) ON DELETE SET NULL,
    author_pseudonym text        NOT NULL,
    content          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('visible', 'hidden', 'deleted')),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    edited_at        timestamptz,
    idempotency_key  text,
    request_hash     bytea
);
CREATE UNIQUE INDEX community_comments_idempotency_key ON community_comments (author_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX community_comments_by_post ON community_comments (post_id, created_at, id);
CREATE INDEX community_comments_by_author ON community_comments (author_id) WHERE author_id IS NOT NULL;

-- A member's standing: sanctions and the times of their recent writes (quotas) live in the grain's state;
-- this row is what moderators and the export read.
CREATE TABLE community_members (
    user_id         uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    suspended_until timestamptz,
    banned          boolean     NOT NULL DEFAULT false,
    sanction_reason text,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE moderation_actions (
    id               uuid        PRIMARY KEY,
    -- NULL for the automatic hide that reports trigger, or once the moderator's account is gone.
    moderator_id     uuid        REFERENCES users (id) ON DELETE SET NULL,
    action           text        NOT NULL CHECK (action IN ('hide', 'unhide', 'lock', 'unlock', 'delete', 'restore', 'auto_hide',
                                                            'warn', 'suspend', 'ban', 'unban', 'dismiss')),
    target_type      text        NOT NULL CHECK (target_type IN ('post', 'comment', 'user')),
    target_id        uuid        NOT NULL,
    -- Whose content or account it was: they may see it and appeal it.
    affected_user_id uuid        REFERENCES users (id) ON DELETE SET NULL,
    report_id        uuid,
    reason           text,
    suspended_until  timestamptz,
    created_at       timestamptz NOT NULL,
    reversed_at      timestamptz,
    reversed_by_appeal uuid
);
CREATE INDEX moderation_actions_log ON moderation_actions (created_at DESC, id DESC);
CREATE INDEX moderation_actions_affected ON moderation_actions (affected_user_id, created_at DESC) WHERE affected_user_id IS NOT NULL;

CREATE TABLE community_reports (
    id               uuid        PRIMARY KEY,
    reporter_id      uuid        REFERENCES users (id) ON DELETE SET NULL,
    target_type      text        NOT NULL CHECK (target_type IN ('post', 'comment', 'user')),
    target_id        uuid        NOT NULL,
    -- The post a post or comment target belongs to (the grain that acts on it).
    post_id          uuid,
    target_author_id uuid        REFERENCES users (id) ON DELETE SET NULL,
    reason           text        NOT NULL CHECK (reason IN ('spam', 'harassment', 'hate', 'self_harm', 'misinformation', 'other')),
    details          text,
    -- Higher first: self_harm jumps the queue.
    priority         smallint    NOT NULL,
    weight           real        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'under_review', 'resolved')),
    claimed_by       uuid        REFERENCES users (id) ON DELETE SET NULL,
    claimed_until    timestamptz,
    resolved_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    resolution       text,
    resolution_notes text,
    resolution_action_id uuid,
    created_at       timestamptz NOT NULL,
    resolved_at      timestamptz
);
-- One report per reporter and target (409); a deleted reporter's NULL never collides.
CREATE UNIQUE INDEX community_reports_once ON community_reports (reporter_id, target_type, target_id);
CREATE INDEX community_reports_queue ON community_reports (status, priority DESC, created_at, id);
CREATE INDEX community_reports_by_reporter ON community_reports (reporter_id, created_at DESC) WHERE reporter_id IS NOT NULL;

CREATE TABLE community_appeals (
    id                   uuid        PRIMARY KEY,
    user_id              uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- One appeal per action.
    moderation_action_id uuid        NOT NULL UNIQUE REFERENCES moderation_actions (id) ON DELETE CASCADE,
    message              text        NOT NULL,
    status               text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'reversed')),
    decided_by           uuid        REFERENCES users (id) ON DELETE SET NULL,
    decision_notes       text,
    created_at           timestamptz NOT NULL,
    decided_at           timestamptz
);
CREATE INDEX community_appeals_queue ON community_appeals (status, created_at, id);
