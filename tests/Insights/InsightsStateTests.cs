using System.Collections.Immutable;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Insights;

namespace Journal.Tests.Insights;

/// <summary>
/// The insights state's daily figures without a record per entry: each edit or deletion takes back
/// the figures its event says the entry had, so after any sequence of writes the days equal the
/// figures of the live entries summed from scratch.
/// </summary>
public sealed class InsightsStateTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    [Fact]
    public void Creates_edits_privacy_deletes_and_restores_leave_the_days_equal_to_the_live_entries_summed()
    {
        var state = new InsightsState();
        var live = new Dictionary<Guid, (EntryFacts Facts, int Words)>();
        var random = new Random(7);
        var sequence = 0L;
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        var trash = new Dictionary<Guid, (EntryFacts Facts, int Words)>();

        for (var step = 0; step < 400; step++)
        {
            var id = ids[random.Next(ids.Length)];
            var facts = new EntryFacts(Monday.AddDays(random.Next(4)), random.Next(3) == 0 ? null : (MoodLabel)random.Next(6),
                [.. new[] { "walk", "work", "sleep" }.Where(_ => random.Next(2) == 0)], IsPrivate: random.Next(4) == 0,
                random.Next(5) == 0 ? null : Math.Round(random.NextDouble() * 2 - 1, 3));
            var words = random.Next(1, 300);
            ActivityEvent activity;
            if (live.TryGetValue(id, out var current))
            {
                var delete = random.Next(3) == 0;
                activity = Event(++sequence, delete ? ActivityEventKind.EntryDeleted : ActivityEventKind.EntryUpdated, id, delete ? null : facts, words) with
                {
                    Before = current.Facts,
                    WordsBefore = current.Words,
                };
                live.Remove(id);
                if (delete) trash[id] = current;
                else live[id] = (facts, words);
            }
            else if (trash.Remove(id, out var trashed))
            {
                activity = Event(++sequence, ActivityEventKind.EntryRestored, id, trashed.Facts, trashed.Words);
                live[id] = trashed;
            }
            else
            {
                activity = Event(++sequence, ActivityEventKind.EntryCreated, id, facts, words);
                live[id] = (facts, words);
            }
            Assert.True(state.TryApplyEntry(activity));
        }

        var expected = new InsightsState();
        foreach (var (facts, words) in live.Values) expected.AddEntry(InsightsState.FiguresOf(facts, words), 1);
        Assert.Equivalent(expected.Days, state.Days, strict: true);
        Assert.Equivalent(expected.Totals(), state.Totals(), strict: true);
        Assert.True(state.Totals().Entries > 0, "some entries are live and counted");
    }

    [Fact]
    public void An_entry_taken_back_leaves_no_empty_day_behind()
    {
        var state = new InsightsState();
        var id = Guid.NewGuid();
        var tuesday = new EntryFacts(Monday.AddDays(1), MoodLabel.Neutral, ["walk"], false, 0.5);
        state.TryApplyEntry(Event(1, ActivityEventKind.EntryCreated, id, tuesday, 10));
        var moved = tuesday with { EntryDate = Monday };
        state.TryApplyEntry(Event(2, ActivityEventKind.EntryUpdated, id, moved, 12) with { Before = tuesday, WordsBefore = 10 });

        Assert.Equal(["2026-11-30"], state.Days.Keys);
        Assert.Equal((1, 12L, 500L), (state.Days["2026-11-30"].Entries, state.Days["2026-11-30"].Words, state.Days["2026-11-30"].SentimentSum));
        state.TryApplyEntry(Event(3, ActivityEventKind.EntryDeleted, id, null, 12) with { Before = moved, WordsBefore = 12 });
        Assert.Empty(state.Days);
    }

    [Theory]
    [InlineData(ActivityEventKind.EntryUpdated)]
    [InlineData(ActivityEventKind.EntryDeleted)]
    public void An_edit_or_deletion_stored_before_events_carried_the_previous_figures_is_left_to_the_rows(ActivityEventKind kind)
    {
        var state = new InsightsState();
        var id = Guid.NewGuid();
        var facts = new EntryFacts(Monday, MoodLabel.Happy, ["work"], false, null);
        Assert.True(state.TryApplyEntry(Event(1, ActivityEventKind.EntryCreated, id, facts, 5)));
        var before = state.Totals();

        Assert.False(state.TryApplyEntry(Event(2, kind, id, kind == ActivityEventKind.EntryDeleted ? null : facts with { Mood = MoodLabel.Sad }, 7)));
        Assert.Equivalent(before, state.Totals(), strict: true);
    }

    private static ActivityEvent Event(long sequence, ActivityEventKind kind, Guid entryId, EntryFacts? facts, int words) =>
        new("journal", sequence, kind, entryId, Monday, DateTimeOffset.UtcNow, "UTC", 0, words) { Entry = facts };
}
