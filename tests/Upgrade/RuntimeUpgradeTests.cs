using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Progress;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Journal.Tests.Insights;

namespace Journal.Tests.Upgrade;

/// <summary>
/// A database the home-made runtime left (schema version 9: grain state under class names, its own
/// reminder table, the outbox without replays) is migrated forward by the Orleans silo, which finds
/// everything: the account, the encrypted entries, the streak and garden, a reminder that fell due
/// while the service was down, and an event still undelivered in the outbox, applied once.
/// </summary>
public sealed class RuntimeUpgradeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    // A tick missed while no silo ran comes one Reminders:MinimumPeriod later.
    private static readonly Dictionary<string, string> Settings = new() { ["Reminders:MinimumPeriod"] = "00:00:02" };

    [Fact]
    public async Task The_Orleans_silo_serves_what_the_home_made_runtime_stored()
    {
        // What today's service writes: an account, entries, a check-in, a reminder for tomorrow.
        string username;
        Guid userId;
        JsonObject summary, entries;
        await using (var api = new ApiFactory(database, Settings))
        {
            var user = await JournalClient.RegisterAsync(api);
            (username, userId) = (user.Username, user.UserId);
            await user.CreateEntryAsync("The first page, in the old runtime's days.");
            await user.CreateEntryAsync("A second one.", new { title = "Evening" });
            await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 3, mood = "happy" });
            await user.PostJsonAsync("/v1/reminders", new { title = "Water the plants", remindAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O") });
            await database.SettledAsync();
            summary = await user.GetJsonAsync("/v1/me/summary");
            entries = await user.GetJsonAsync("/v1/journal/entries");
        }

        // The same data in the shape the home-made runtime left it, with the reminder due while the
        // service was down and a check-in whose event was still in the outbox.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(ToRuntimeSchemaSql);
            await connection.ExecuteAsync("UPDATE reminders SET remind_at = now() WHERE user_id = @userId", new { userId });
            await AddUndeliveredCheckInAsync(connection, userId);
        }

        await using var upgraded = new ApiFactory(database, Settings);
        var again = await JournalClient.LoginAsync(upgraded, username);

        Assert.Equal(Texts(entries), Texts(await again.GetJsonAsync("/v1/journal/entries")));
        await Eventually.True(async () => (int)(await again.GetJsonAsync("/v1/me/summary"))["today"]!["checkins"]! == 2,
            "the check-in whose event waited in the outbox is counted");
        await Eventually.True(async () => (await again.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray()
            .Any(n => (string)n!["title"]! == "Water the plants"), "the reminder that fell due while the service was down fires");
        var after = await again.GetJsonAsync("/v1/me/summary");
        Assert.Equal(summary["streak"]!.ToJsonString(), after["streak"]!.ToJsonString());
        Assert.Equal((int)summary["today"]!["entries"]!, (int)after["today"]!["entries"]!);
        Assert.Equal(Plants(summary), Plants(after));

        // Delivered once: after the stream settles and the silo restarts, it is still one more check-in.
        await database.SettledAsync();
        await upgraded.DisposeAsync();
        await using var restarted = new ApiFactory(database, Settings);
        var last = await JournalClient.LoginAsync(restarted, username);
        Assert.Equal(2, (int)(await last.GetJsonAsync("/v1/me/summary"))["today"]!["checkins"]!);
        await using var check = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM grain_state WHERE grain_type LIKE '%Grain'"));
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'grain_reminders'"));
    }

    // Ids, titles and the decrypted words (timestamps are read back at the database's microseconds).
    private static string Texts(JsonObject page) =>
        string.Join("|", page["items"]!.AsArray().Select(e => $"{e!["id"]}:{e["title"]}:{e["content"]}"));

    private static string Plants(JsonObject summary) => string.Join(",", summary["garden"]!["plants"]!.AsArray().Select(p => (string)p!["id"]!));

    // As the runtime's MoodGrain wrote a check-in: the row, its state's event sequence, and the
    // event in the same transaction, not yet past its partition's cursor.
    private static async Task AddUndeliveredCheckInAsync(Npgsql.NpgsqlConnection connection, Guid userId)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var key = userId.ToString("N");
        var sequence = await connection.ExecuteScalarAsync<long>(
            """
            UPDATE grain_state SET payload = jsonb_set(payload, '{eventSequence}', to_jsonb((payload->>'eventSequence')::bigint + 1)), version = version + 1
            WHERE grain_type = 'MoodGrain' AND grain_key = @key AND state_name = 'mood'
            RETURNING (payload->>'eventSequence')::bigint
            """, new { key }, transaction);
        var checkIn = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var day = await connection.ExecuteScalarAsync<DateOnly>("SELECT activity_date FROM checkins WHERE user_id = @userId LIMIT 1", new { userId }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO checkins (id, user_id, anxiety_level, at, activity_date, created_at) VALUES (@checkIn, @userId, 4, @now, @day, @now)",
            new { checkIn, userId, now, day }, transaction);
        var activity = new ActivityEvent("mood", sequence, ActivityEventKind.CheckInCreated, checkIn, day, now, "Europe/Paris", 0, 0)
        {
            CheckIn = new CheckInFacts(4, null),
        };
        await connection.ExecuteAsync(
            """
            INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)
            VALUES ('default', 'activity', @key, @partition, 0, 'ActivityEvent', @payload::jsonb)
            """, new { key, partition = OutboxQueueMapper.PartitionOf(ActivityEvent.StreamNamespace, key, 8), payload = GrainStateJson.Serialize(activity) }, transaction);
        await transaction.CommitAsync();
    }

    // Migrations 10 to 21 undone: what the database looked like under the home-made runtime.
    private const string ToRuntimeSchemaSql =
        """
        DELETE FROM schema_migrations WHERE version >= 10;

        ALTER TABLE stream_events DROP CONSTRAINT stream_events_pkey;
        ALTER TABLE stream_events ADD CONSTRAINT stream_events_pkey PRIMARY KEY (seq);
        CREATE INDEX stream_events_partition_position ON stream_events (provider, partition, epoch, tx, seq);

        ALTER TABLE journal_search_terms ADD CONSTRAINT journal_search_terms_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
        DROP FUNCTION grain_state_version_conflict();
        DROP TABLE attachments;
        ALTER TABLE journal_entries DROP COLUMN secret_tag_id;
        DROP TABLE secret_tags;

        DROP TABLE stories;
        DROP TABLE community_follows;
        ALTER TABLE community_reports DROP CONSTRAINT community_reports_target_type_check;
        ALTER TABLE community_reports ADD CONSTRAINT community_reports_target_type_check CHECK (target_type IN ('post', 'comment', 'user'));
        ALTER TABLE moderation_actions DROP CONSTRAINT moderation_actions_target_type_check;
        ALTER TABLE moderation_actions ADD CONSTRAINT moderation_actions_target_type_check CHECK (target_type IN ('post', 'comment', 'user'));

        ALTER TABLE refresh_tokens DROP COLUMN superseded_at;

        CREATE SEQUENCE grain_reminder_versions;
        CREATE TABLE grain_reminders (
            grain_type  text        NOT NULL,
            grain_key   text        NOT NULL,
            name        text        NOT NULL,
            first_due   timestamptz NOT NULL,
            due_at      timestamptz NOT NULL,
            fire_at     timestamptz NOT NULL,
            period_ms   bigint      CHECK (period_ms > 0),
            version     bigint      NOT NULL DEFAULT nextval('grain_reminder_versions'),
            failures    integer     NOT NULL DEFAULT 0,
            PRIMARY KEY (grain_type, grain_key, name)
        );
        CREATE INDEX grain_reminders_fire_at ON grain_reminders (fire_at);

        CREATE TEMPORARY TABLE class_names (grain_type text PRIMARY KEY, class_name text NOT NULL);
        INSERT INTO class_names VALUES
            ('user', 'UserGrain'), ('journal', 'JournalGrain'), ('mood', 'MoodGrain'), ('habits', 'HabitGrain'), ('reminders', 'ReminderGrain'),
            ('progress', 'ProgressGrain'), ('insights', 'InsightsGrain'), ('platform-stats', 'PlatformStatsGrain'), ('notifications', 'NotificationGrain'),
            ('content-library', 'ContentLibraryGrain'), ('community-categories', 'CommunityCategoriesGrain'), ('community-stats', 'CommunityStatsGrain'),
            ('member', 'MemberGrain'), ('post', 'PostGrain'), ('thread', 'ThreadGrain'), ('moderation-queue', 'ModerationQueueGrain'),
            ('health-probe', 'HealthProbeGrain');
        INSERT INTO grain_reminders (grain_type, grain_key, name, first_due, due_at, fire_at, period_ms)
        SELECT n.class_name, split_part(r.grain_id, '/', 2), r.reminder_name, now(), now(), now(),
               CASE WHEN n.grain_type = 'user' THEN r.period_ms END
        FROM orleans_reminders r JOIN class_names n ON n.grain_type = split_part(r.grain_id, '/', 1);
        UPDATE grain_state s SET grain_type = n.class_name FROM class_names n WHERE s.grain_type = n.grain_type;
        DROP TABLE class_names;

        ALTER TABLE stream_dead_letters ADD COLUMN replay_lease_until timestamptz;
        DROP INDEX stream_dead_letters_event;
        ALTER TABLE stream_events DROP COLUMN replay_for;

        DROP TABLE orleans_reminders;
        DROP SEQUENCE orleans_reminder_versions;
        DROP TABLE orleans_membership;
        DROP TABLE orleans_membership_versions;
        DROP TABLE orleansquery;
        """;
}
