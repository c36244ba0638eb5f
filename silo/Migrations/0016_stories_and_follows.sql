-- Stories and follows (PRODUCT.md §7, seed 004).
-- A story's row is written by its StoryGrain only (as a post's by its PostGrain); a follow by the
-- follower's MemberGrain. Friends are members who follow each other: readers of a friends story are
-- checked against these rows at each read, so an unfollow hides the story at once.
-- Like posts, stories are community content: the pseudonym is copied so that a public story survives
-- its author's account (author_id NULL), and a public story's text is in clear as posts' text is. A
-- private or friends story is free text written in private: its title and content are sealed together
-- under the author's data key (sealed_text, AES-GCM, like journal text), so deleting the author's key
-- crypto-shreds them; the story grain moves the text between the two forms when the visibility changes.

CREATE TABLE stories (
    id               uuid        PRIMARY KEY,
    author_id        uuid        REFERENCES users (id) ON DELETE SET NULL,
    author_pseudonym text        NOT NULL,
    title            text        CHECK (length(title) <= 140),
    content          text,
    sealed_text      bytea,
    visibility       text        NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'public', 'friends')),
    -- From the community tag taxonomy (CommunityTags), lower-case; seed 004's tags_cached.
    tags             text[]      NOT NULL DEFAULT '{}',
    status           text        NOT NULL CHECK (status IN ('visible', 'hidden', 'deleted')),
    -- The ETag: every change to the row counts it up.
    version          integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    edited_at        timestamptz,
    idempotency_key  text,
    request_hash     bytea,
    -- The words are in one form only: in clear when public, sealed otherwise (a scrubbed story has none).
    CHECK (sealed_text IS NULL OR (title IS NULL AND content IS NULL)),
    CHECK (visibility = 'public' OR (title IS NULL AND content IS NULL))
);
CREATE UNIQUE INDEX stories_idempotency_key ON stories (author_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX stories_by_author ON stories (author_pseudonym, created_at DESC, id DESC);
CREATE INDEX stories_by_author_id ON stories (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX stories_public ON stories (created_at DESC, id DESC) WHERE status = 'visible' AND visibility = 'public';
CREATE INDEX stories_tags ON stories USING gin (tags);

-- One row per follower and followee; the pair in both directions makes friends.
CREATE TABLE community_follows (
    follower_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);
CREATE INDEX community_follows_followee ON community_follows (followee_id, created_at DESC);

-- Public stories are reported and moderated like posts: the same reports, queue and mod log.
ALTER TABLE community_reports DROP CONSTRAINT community_reports_target_type_check;
ALTER TABLE community_reports ADD CONSTRAINT community_reports_target_type_check CHECK (target_type IN ('post', 'comment', 'user', 'story'));
ALTER TABLE moderation_actions DROP CONSTRAINT moderation_actions_target_type_check;
ALTER TABLE moderation_actions ADD CONSTRAINT moderation_actions_target_type_check CHECK (target_type IN ('post', 'comment', 'user', 'story'));
