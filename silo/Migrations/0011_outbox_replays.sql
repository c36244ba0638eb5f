-- Dead letters for Orleans' outbox stream provider (persistence/Streams).
--
-- A replayed dead letter is appended to the log again for the consumer that gave up on it
-- (its grain id); every other consumer of the stream skips it. NULL for ordinary events.
ALTER TABLE stream_events ADD COLUMN replay_for text;

-- Consumers write their own dead letters, possibly twice for one event (a redelivery after a
-- crash): one letter per consumer and event.
DELETE FROM stream_dead_letters d USING stream_dead_letters newer
WHERE d.provider = newer.provider AND d.consumer = newer.consumer AND (d.epoch, d.tx, d.seq) = (newer.epoch, newer.tx, newer.seq) AND d.id < newer.id;
CREATE UNIQUE INDEX stream_dead_letters_event ON stream_dead_letters (provider, consumer, epoch, tx, seq);
