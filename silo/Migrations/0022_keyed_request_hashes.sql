-- A create whose body carries text that is sealed (an entry, a check-in, an AI-usage log, a reminder, a
-- story) now stores its Idempotency-Key's request hash keyed with the user's key
-- (IdempotencyKeys.KeyedWith). The plain SHA-256 of the body stored before would let a reader of the rows
-- test guesses of the text: it goes, from secret entries too (one written plain and moved under a tag
-- kept its plain hash). A retry of such a create with its key is then answered as a reused key (422);
-- what it created stays.
UPDATE journal_entries SET request_hash = NULL WHERE request_hash IS NOT NULL;
UPDATE checkins SET request_hash = NULL WHERE request_hash IS NOT NULL;
UPDATE ai_usage_logs SET request_hash = NULL WHERE request_hash IS NOT NULL;
UPDATE reminders SET request_hash = NULL WHERE request_hash IS NOT NULL;
UPDATE stories SET request_hash = NULL WHERE request_hash IS NOT NULL;
