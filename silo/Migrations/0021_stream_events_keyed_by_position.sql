-- An event's position in its partition, (provider, partition, epoch, tx, seq), becomes its primary key,
-- in place of seq alone plus an index on the position. Every reader already looks events up by
-- position; seq alone served only the trim, which now deletes by the key. One index fewer to insert
-- into per event: PostgreSQL alone inserted events 11-20 % faster at 64 clients (docs/PERFORMANCE.md,
-- issue 15's fourteenth step). seq keeps its sequence: it orders the events of one transaction.
ALTER TABLE stream_events DROP CONSTRAINT stream_events_pkey;
DROP INDEX stream_events_partition_position;
ALTER TABLE stream_events ADD CONSTRAINT stream_events_pkey PRIMARY KEY (provider, partition, epoch, tx, seq);
