-- The move onto Microsoft Orleans: stored names follow the grains' [GrainType] names.
--
-- Grain state rows are keyed by grain type. The project's own runtime named types after their
-- classes; Orleans uses the names in [GrainType("…")], which stay fixed when a class is renamed.
CREATE TEMPORARY TABLE grain_type_names (class_name text PRIMARY KEY, grain_type text NOT NULL) ON COMMIT DROP;
INSERT INTO grain_type_names (class_name, grain_type) VALUES
    ('UserGrain', 'user'), ('JournalGrain', 'journal'), ('MoodGrain', 'mood'), ('HabitGrain', 'habits'), ('ReminderGrain', 'reminders'),
    ('ProgressGrain', 'progress'), ('InsightsGrain', 'insights'), ('PlatformStatsGrain', 'platform-stats'), ('NotificationGrain', 'notifications'),
    ('ContentLibraryGrain', 'content-library'), ('CommunityCategoriesGrain', 'community-categories'), ('CommunityStatsGrain', 'community-stats'),
    ('MemberGrain', 'member'), ('PostGrain', 'post'), ('ThreadGrain', 'thread'), ('ModerationQueueGrain', 'moderation-queue'),
    ('HealthProbeGrain', 'health-probe');

UPDATE grain_state s SET grain_type = n.grain_type FROM grain_type_names n WHERE s.grain_type = n.class_name;

-- Dead letters named their consumer by class; a consumer is now the grain id (type/key), and the
-- implicit consumer of a stream is the grain keyed like the stream.
UPDATE stream_dead_letters d SET consumer = n.grain_type || '/' || d.stream_key FROM grain_type_names n WHERE d.consumer = n.class_name;

-- A replay deletes its letter and appends the event in one transaction, so a letter can no longer
-- be claimed by two replays: no lease.
ALTER TABLE stream_dead_letters DROP COLUMN replay_lease_until;

-- Reminders still in the home-made runtime's table move to Orleans' (migration 13, in code: their
-- ring hash is computed by Orleans); they keep their grain's new type name meanwhile.
UPDATE grain_reminders r SET grain_type = n.grain_type FROM grain_type_names n WHERE r.grain_type = n.class_name;
