using System.Collections.Immutable;
using System.Data;
using Dapper;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Journal;
using Journal.Grains.Mood;
using Journal.Grains.Storage;
using Npgsql;

namespace Journal.Grains.Insights;

/// <summary>
/// A user's figures read straight from the source tables, for a rebuild: the live entries and the
/// check-ins, with the event sequence their writers (the journal and mood grains) had published at
/// that moment. One repeatable-read snapshot: each writer commits its rows and its sequence in one
/// transaction, so the rows are exactly the effect of the events up to those sequences, and the
/// stream's later events apply on top. Read-only; no text is read.
/// </summary>
public sealed class InsightsSource(NpgsqlDataSource dataSource)
{
    public sealed record Snapshot(
        IReadOnlyList<EntryFigures?> Entries,
        IReadOnlyList<(DateOnly Day, CheckInFacts CheckIn)> CheckIns,
        long JournalSequence,
        long MoodSequence);

    public async Task<Snapshot> ReadAsync(Guid userId)
    {
        var key = userId.ToString("N");
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var entries = await connection.QueryAsync<EntryRow>(
            """
            SELECT entry_date, word_count, mood, tags, is_private, sentiment FROM journal_entries
            WHERE user_id = @userId AND deleted_at IS NULL
            """, new { userId }, transaction);
        var checkIns = await connection.QueryAsync<CheckInFactsRow>(
            "SELECT activity_date, anxiety_level, mood FROM checkins WHERE user_id = @userId", new { userId }, transaction);
        var sequences = (await connection.QueryAsync<(string Type, long Sequence)>(
            """
            SELECT grain_type, coalesce((payload->>'eventSequence')::bigint, 0) FROM grain_state
            WHERE grain_key = @key AND (grain_type, state_name) IN ((@journal, 'journal'), (@mood, 'mood'))
            """, new { key, journal = GrainTypes.Journal, mood = GrainTypes.Mood }, transaction)).ToDictionary(s => s.Type, s => s.Sequence);
        await transaction.CommitAsync();
        return new Snapshot(
            [.. entries.Select(e => InsightsState.FiguresOf(new EntryFacts(e.EntryDate, MoodLabels.Parse(e.Mood), e.Tags, e.IsPrivate, e.Sentiment), e.WordCount))],
            [.. checkIns.Select(c => (c.ActivityDate, new CheckInFacts(c.AnxietyLevel, MoodLabels.Parse(c.Mood))))],
            sequences.GetValueOrDefault(GrainTypes.Journal),
            sequences.GetValueOrDefault(GrainTypes.Mood));
    }

    private sealed class EntryRow
    {
        public DateOnly EntryDate { get; init; }
        public int WordCount { get; init; }
        public string? Mood { get; init; }
        public ImmutableList<string> Tags { get; init; } = [];
        public bool IsPrivate { get; init; }
        public double? Sentiment { get; init; }
    }

    private sealed class CheckInFactsRow
    {
        public DateOnly ActivityDate { get; init; }
        public short AnxietyLevel { get; init; }
        public string? Mood { get; init; }
    }
}
