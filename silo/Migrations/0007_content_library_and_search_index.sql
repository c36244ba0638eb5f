-- The content library (PRODUCT.md §6, seed 000) with the project's own starter content, and the
-- blind search index of journal entries (PRODUCT.md §2). ContentLibraryGrain is the only writer of
-- the content tables; each user's JournalGrain is the only writer of that user's index rows, which
-- it changes in the same transaction as the entry. Tag suggestions use pg_trgm (a trusted extension:
-- the database owner may create it).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per distinct term of an entry: the term's HMAC under the user's index key (never the
-- word) and its weight (a title term weighs more). An entry's rows go with the entry (purge, erase).
CREATE TABLE journal_search_terms (
    user_id  uuid     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_id uuid     NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
    token    bytea    NOT NULL CHECK (length(token) = 16),
    weight   smallint NOT NULL CHECK (weight > 0),
    PRIMARY KEY (entry_id, token)
);
-- A search reads the user's rows of each query token; entry and weight come from the index alone.
CREATE INDEX journal_search_terms_lookup_idx ON journal_search_terms (user_id, token) INCLUDE (entry_id, weight);

CREATE TABLE content_categories (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    description text,
    sort_order  integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX content_categories_name_key ON content_categories (lower(name));

CREATE TABLE content_items (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    category_id  uuid        REFERENCES content_categories (id) ON DELETE SET NULL,
    type         text        NOT NULL CHECK (type IN ('module', 'guide', 'article', 'tip', 'exercise_audio', 'exercise_cbt', 'crisis_resource', 'journal_prompt')),
    title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    slug         text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
    summary      text,
    body         text,
    audio_url    text,
    image_url    text,
    -- Where a crisis resource applies (ISO 3166 country codes, or 'international') and how to reach it.
    region       text,
    phone        text,
    url          text,
    is_premium   boolean     NOT NULL DEFAULT false,
    is_published boolean     NOT NULL DEFAULT false,
    published_at timestamptz,
    sort_order   integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (is_published = (published_at IS NOT NULL))
);
CREATE INDEX content_items_category_idx ON content_items (category_id);

-- Starter content, written for this project. Crisis resources name only services that are
-- long-established and reachable as stated; the first one applies everywhere.
INSERT INTO content_categories (name, description, sort_order) VALUES
    ('Coping Tools', 'Small things to do when a moment feels like too much.', 1),
    ('Understanding Anxiety', 'What anxiety is, what keeps it going, and what helps.', 2),
    ('Journaling', 'Getting started, and questions to write about.', 3),
    ('Healthy AI Use', 'Using AI tools in a way that supports your well-being.', 4);

INSERT INTO content_items (category_id, type, title, slug, summary, body, is_premium, is_published, published_at, sort_order)
SELECT (SELECT id FROM content_categories WHERE name = item.category), item.type, item.title, item.slug, item.summary, item.body,
       item.premium, true, now(), item.sort_order
FROM (VALUES
    ('Coping Tools', 'tip', 'Name what is around you', 'name-what-is-around-you',
     'A grounding exercise for racing thoughts.',
     'Look around and name five things you can see, four you can touch, three you can hear, two you can smell and one you can taste. Say them quietly or in your head. Attention that is busy with the room has less room for the spiral.',
     false, 1),
    ('Coping Tools', 'tip', 'Breathe out longer than you breathe in', 'breathe-out-longer',
     'Slow exhales tell your body it is safe.',
     'Breathe in through your nose for a count of four, then out through your mouth for a count of six. Repeat for two minutes. A long exhale slows the heart a little; there is no need to breathe deeply, only slowly.',
     false, 2),
    ('Coping Tools', 'tip', 'Two minutes of movement', 'two-minutes-of-movement',
     'When you feel stuck, move before you think.',
     'Stand up and walk, stretch or shake out your hands for two minutes. Movement uses up some of the energy anxiety makes, and it is easier to start than a long workout.',
     false, 3),
    ('Coping Tools', 'tip', 'One line is enough', 'one-line-is-enough',
     'A journal does not need a page a day.',
     'On a hard day, write one sentence about how you feel. A single honest line keeps the habit alive and is often the start of more.',
     false, 4),
    ('Coping Tools', 'tip', 'Notice without judging', 'notice-without-judging',
     'A thought is an event, not a fact.',
     'When a harsh thought appears, add "I notice I am having the thought that..." in front of it. You do not have to argue with it; stepping back from it is enough to loosen its grip.',
     false, 5),
    ('Coping Tools', 'tip', 'Plan one small good thing', 'plan-one-small-good-thing',
     'Something to look forward to, today.',
     'Choose one small pleasant thing for later today: a walk, a call with a friend, a favourite song, a warm drink outside. Put it in your calendar so it actually happens.',
     false, 6),
    ('Coping Tools', 'tip', 'A gentler first hour', 'a-gentler-first-hour',
     'Start the day before the news and the notifications do.',
     'Leave your phone in another room for the first half hour after waking. Drink some water, open a window, and let your mind arrive before the world asks things of it.',
     false, 7),
    ('Healthy AI Use', 'tip', 'AI can listen, people can hold', 'ai-can-listen-people-can-hold',
     'Keep people in the loop.',
     'If you notice you talk to an AI assistant about your feelings more than to anyone else, reach out to one person this week. An assistant can help you sort thoughts; it cannot replace someone who knows you.',
     false, 8),
    ('Journaling', 'journal_prompt', 'What went better than expected today?', 'what-went-better-than-expected',
     'Small wins count.', NULL, false, 1),
    ('Journaling', 'journal_prompt', 'What am I carrying today that is not mine to carry?', 'not-mine-to-carry',
     'Sort your worries into yours and others''.', NULL, false, 2),
    ('Journaling', 'journal_prompt', 'When did I feel calm this week, and where was I?', 'when-did-i-feel-calm',
     'Find the places and moments that help.', NULL, false, 3),
    ('Journaling', 'journal_prompt', 'What would I tell a friend who felt the way I feel now?', 'what-would-i-tell-a-friend',
     'Offer yourself the kindness you give others.', NULL, false, 4),
    ('Journaling', 'journal_prompt', 'Three small things I am grateful for, and why', 'three-small-things',
     'The reason matters more than the list.', NULL, false, 5),
    ('Journaling', 'journal_prompt', 'What drained my energy today, and what restored it?', 'drained-and-restored',
     'Notice your patterns.', NULL, false, 6),
    ('Journaling', 'journal_prompt', 'Which worry keeps coming back? What part of it can I act on?', 'worry-i-can-act-on',
     'Separate what you can change from what you cannot.', NULL, false, 7),
    ('Journaling', 'journal_prompt', 'What do I need more of this week, and less of?', 'more-of-less-of',
     'A small plan for the days ahead.', NULL, false, 8),
    ('Journaling', 'guide', 'Getting started with journaling', 'getting-started-with-journaling',
     'How to begin, and how to keep going.',
     E'Journaling works best when it is easy. Pick a time that already exists in your day, such as after dinner or before bed.\n\n'
     'Write for yourself: spelling, grammar and neatness do not matter. If you do not know what to write, use a prompt, or describe the last hour as if to a friend.\n\n'
     'Note how you feel, in a word or two. Over weeks, the mood calendar shows patterns you would not notice day to day.\n\n'
     'Miss a day? Nothing is lost. Start again with one line.',
     false, 1),
    ('Understanding Anxiety', 'guide', 'The anxiety cycle', 'the-anxiety-cycle',
     'Why avoiding what we fear can make the fear grow.',
     E'Anxiety is the body''s alarm system. It is meant to protect us, but it can go off when there is no real danger.\n\n'
     'When something makes us anxious, avoiding it brings quick relief. The relief teaches the brain that the situation was dangerous and that avoiding it was what kept us safe, so next time the alarm is louder.\n\n'
     'Breaking the cycle usually means approaching feared situations in small, manageable steps, and staying long enough for the anxiety to settle on its own. It does settle: anxiety rises, peaks and falls.\n\n'
     'If anxiety stops you from doing things that matter to you, a doctor or a licensed therapist can help. Cognitive behavioural therapy (CBT) is an approach with good evidence for anxiety.',
     false, 1),
    ('Understanding Anxiety', 'exercise_cbt', 'Thought record: check an anxious thought', 'thought-record',
     'A classic CBT exercise in six steps.',
     E'1. Situation: where were you, what was happening?\n'
     '2. Automatic thought: what went through your mind? Write it word for word.\n'
     '3. Feelings: name them and rate how strong each was, from 0 to 100.\n'
     '4. Evidence for the thought, and evidence against it. Stick to facts a camera could record.\n'
     '5. A balanced thought: one that takes all the evidence into account.\n'
     '6. Re-rate your feelings. A drop of even ten points is progress.',
     false, 2),
    ('Understanding Anxiety', 'exercise_cbt', 'Behavioural experiment: test a prediction', 'behavioural-experiment',
     'Find out whether what you fear really happens.',
     E'1. Write down a prediction your anxiety makes, for example "If I speak up in the meeting, people will think I am stupid."\n'
     '2. Rate how strongly you believe it, from 0 to 100.\n'
     '3. Plan a small, safe way to test it, and what you would expect to see if the prediction were true.\n'
     '4. Do it, and write down what actually happened.\n'
     '5. Re-rate your belief, and note what you learned.',
     false, 3),
    ('Understanding Anxiety', 'module', 'Seven calmer evenings', 'seven-calmer-evenings',
     'A one-week programme to wind down and sleep better.',
     E'Each evening for a week, one small change: a fixed time to stop work, a screen-free half hour, a short walk, a worry list written before bed, a body scan, a gratitude note, and a review of what helped.\n\n'
     'Do each evening''s step, then write two lines about how it went.',
     true, 3),
    ('Healthy AI Use', 'article', 'Using AI tools with care', 'using-ai-tools-with-care',
     'How to get help from AI assistants without losing your footing.',
     E'AI assistants can help you plan, draft and think things through. They can also be wrong in a confident voice, and they do not know you.\n\n'
     'Check facts that matter with a reliable source. Notice how you feel after a long session: clearer, or more unsettled? Set yourself a time limit if sessions run long.\n\n'
     'An AI assistant is not a crisis service and cannot call for help. If you are struggling, talk to someone you trust or contact a helpline from the crisis resources.',
     false, 1)
) AS item (category, type, title, slug, summary, body, premium, sort_order);

INSERT INTO content_items (type, title, slug, summary, body, region, phone, url, is_published, published_at, sort_order) VALUES
    ('crisis_resource', 'If you are in immediate danger', 'immediate-danger',
     'Call your local emergency number now.',
     'If you or someone else is in immediate danger or may act on thoughts of suicide, call your local emergency number now (for example 112 in the European Union, 911 in the United States and Canada, 999 in the United Kingdom, 000 in Australia), or go to the nearest emergency department.',
     'international', NULL, NULL, true, now(), 1),
    ('crisis_resource', 'Find A Helpline', 'find-a-helpline',
     'Free, confidential helplines in many countries.',
     'Find A Helpline lists free and confidential crisis helplines around the world, searchable by country and by topic.',
     'international', NULL, 'https://findahelpline.com', true, now(), 2),
    ('crisis_resource', '988 Suicide & Crisis Lifeline', '988-lifeline-us',
     'Call or text 988 in the United States, at any time.',
     'Free and confidential support for people in distress, around the clock. Call or text 988, or chat online at 988lifeline.org.',
     'US', '988', 'https://988lifeline.org', true, now(), 3),
    ('crisis_resource', '9-8-8 Suicide Crisis Helpline', '988-helpline-canada',
     'Call or text 9-8-8 in Canada, at any time.',
     'Free support from trained responders, around the clock, in English and French. Call or text 9-8-8.',
     'CA', '988', 'https://988.ca', true, now(), 4),
    ('crisis_resource', 'Samaritans', 'samaritans-uk-ie',
     'Call 116 123 free in the UK and Ireland, day or night.',
     'Samaritans listen to anyone who is struggling to cope, without judgement, 24 hours a day, every day of the year. Call 116 123 free.',
     'GB,IE', '116 123', 'https://www.samaritans.org', true, now(), 5),
    ('crisis_resource', 'Lifeline Australia', 'lifeline-australia',
     'Call 13 11 14 in Australia, at any time.',
     'Crisis support and suicide prevention, 24 hours a day. Call 13 11 14.',
     'AU', '13 11 14', 'https://www.lifeline.org.au', true, now(), 6);
