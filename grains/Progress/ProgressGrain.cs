using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Realtime;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Journal.Grains.Progress;

/// <summary>
/// A user's streak and garden. Fed by the user's activity stream (durable, in order, at least once)
/// and by the writers' direct hand-over right after their commit (so a client reads its own write at
/// once). Each source's events carry a sequence: an event is applied only if it is the next one of
/// its source, so neither path applies anything twice or out of order. Events are applied in memory
/// and written a few seconds later, many at once (<see cref="WriteBehind"/>), so a write waits for one
/// commit (its writer's) and the state is not written once per event. The state keeps the position of
/// the last delivered event: an activation reads the stream's events after it from the outbox
/// (<see cref="StreamConsumerGrain{TEvent}.CatchUpAsync"/>), so one lost before its write is rebuilt
/// to the same streak and garden. Pushes the new streak and garden to the user's devices.
/// </summary>
[ImplicitStreamSubscription(ActivityEvent.StreamNamespace)]
[GrainType(GrainTypes.Progress)]
public sealed class ProgressGrain(
    [UnitOfWorkState("progress")] IUnitOfWorkState<ProgressState> state,
    IUserUpdates updates,
    LocalProgressSummaries localSummaries) : StreamConsumerGrain<ActivityEvent>, IProgressGrain
{
    private WriteBehind? _writes;

    private Guid UserId => this.GetPrimaryKey();

    private WriteBehind Writes => _writes ??= WriteLater(OutboxStreams.Default, WriteAsync);

    private StreamId ActivityStream => StreamId.Create(ActivityEvent.StreamNamespace, UserId);

    // What an earlier activation applied but did not write comes again from the outbox.
    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.State.Erased
        ? Task.CompletedTask
        : CatchUpAsync(OutboxStreams.Default, ActivityStream, state.State.Delivered.LastApplied(ActivityStream), cancellationToken);

    public async Task ApplyAsync(ActivityEvent activity)
    {
        // A later event whose predecessor has not arrived waits for the stream, which brings both in order.
        if (state.State.Erased || activity.Sequence != state.State.NextSequence(activity.Source)) return;
        var changed = Apply(activity);
        await Writes.AppliedAsync(1);
        await PushAsync(changed, activity);
    }

    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<ActivityEvent>> items)
    {
        if (state.State.Erased) return;
        var changed = Changed.Nothing;
        ActivityEvent? last = null;
        var applied = 0;
        foreach (var activity in items.Select(item => item.Item))
        {
            // Already applied (handed over directly, or redelivered). A gap can only be an event
            // that went to the dead letters: the stream moved on, and so does the progress.
            if (activity.Sequence < state.State.NextSequence(activity.Source)) continue;
            changed |= Apply(activity);
            last = activity;
            applied++;
        }
        // Past every delivered event, applied now or handed over before: a catch-up starts after it.
        state.State.Delivered.Record(stream, items);
        // A handed-over event was counted when it was applied: counting its delivery too would write twice as often.
        await Writes.AppliedAsync(applied);
        if (last is not null) await PushAsync(changed, last);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation may live on another silo: from here on, reads call the grain.
        ForgetSummary();
        return state.State.Erased ? Task.CompletedTask : Writes.DeactivatingAsync(reason);
    }

    // The summary last handed out, until the state or the day changes, is kept with the silo: the many reads
    // between two writes get the same instance (whose JSON the API makes once, KeptJson), and the API on
    // this silo reads it there without a call.
    public Task<ProgressSummary> GetSummaryAsync(DateOnly today)
    {
        if (localSummaries.Find(UserId, today) is not { } summary)
        {
            var counts = state.State.CountsOn(today);
            summary = new ProgressSummary(
                StreakRules.View(state.State.Streak, today), GardenRules.View(state.State.Garden, today), new TodayCounts(today, counts.Entries, counts.CheckIns));
            localSummaries.Keep(UserId, summary);
        }
        return Task.FromResult(summary);
    }

    public Task<StreakView> GetStreakAsync(DateOnly today) => Task.FromResult(StreakRules.View(state.State.Streak, today));

    public Task<GardenView> GetGardenAsync(DateOnly today) => Task.FromResult(GardenRules.View(state.State.Garden, today));

    public async Task<GardenView> UpdateGardenAsync(string? name, string? theme, DateOnly today)
    {
        ForgetSummary();
        if (name is not null) state.State.Garden.Name = name;
        if (theme is not null) state.State.Garden.Theme = theme;
        await WriteAsync();
        var view = GardenRules.View(state.State.Garden, today);
        await updates.SendAsync(UserId, UserUpdateEvents.GardenUpdated, view);
        return view;
    }

    public async Task EraseAsync()
    {
        // A tombstone rather than nothing: events still in the stream must not rebuild a deleted user's progress.
        ForgetSummary();
        state.State = new ProgressState { Erased = true };
        await WriteAsync();
        DeactivateOnIdle();
    }

    private Changed Apply(ActivityEvent activity)
    {
        ForgetSummary();
        var progress = state.State;
        progress.Applied[activity.Source] = activity.Sequence;
        var counts = progress.CountsOn(activity.Day);
        switch (activity.Kind)
        {
            case ActivityEventKind.EntryCreated:
                progress.SetCounts(activity.Day, counts with { Entries = counts.Entries + 1 });
                return Grow(new Activity(ActivityKind.JournalEntry, activity.Day, activity.At, activity.TimeZone, activity.DayStartHour, activity.Words));
            case ActivityEventKind.CheckInCreated:
                progress.SetCounts(activity.Day, counts with { CheckIns = counts.CheckIns + 1 });
                return Grow(new Activity(ActivityKind.CheckIn, activity.Day, activity.At, activity.TimeZone, activity.DayStartHour, 0));
            case ActivityEventKind.HabitCompleted:
                // A streak day is an entry or a check-in (PRODUCT.md §4): a habit done only grows the garden.
                return GardenRules.Apply(progress.Garden, new Activity(ActivityKind.HabitCompletion, activity.Day, activity.At, activity.TimeZone, activity.DayStartHour, 0))
                    ? Changed.Garden
                    : Changed.Nothing;
            case ActivityEventKind.EntryDeleted:
                // Only today's tally changes: a streak day, once earned, is history.
                progress.SetCounts(activity.Day, counts with { Entries = Math.Max(0, counts.Entries - 1) });
                return Changed.Nothing;
            case ActivityEventKind.EntryRestored:
                progress.SetCounts(activity.Day, counts with { Entries = counts.Entries + 1 });
                return Changed.Nothing;
            default:
                // Edits, AI-usage logs, logins and consent changes grow nothing; other consumers (insights) count them.
                return Changed.Nothing;
        }
    }

    // The state is about to change: the summary made from it goes.
    private void ForgetSummary() => localSummaries.Drop(UserId);

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        Writes.Written();
    }

    private Changed Grow(Activity activity) =>
        (StreakRules.Apply(state.State.Streak, activity) ? Changed.Streak : Changed.Nothing)
        | (GardenRules.Apply(state.State.Garden, activity) ? Changed.Garden : Changed.Nothing);

    private async Task PushAsync(Changed changed, ActivityEvent latest)
    {
        if (changed == Changed.Nothing) return;
        var today = ActivityDays.DayOf(DateTimeOffset.UtcNow, latest.TimeZone, latest.DayStartHour);
        if (changed.HasFlag(Changed.Streak)) await updates.SendAsync(UserId, UserUpdateEvents.StreakUpdated, StreakRules.View(state.State.Streak, today));
        if (changed.HasFlag(Changed.Garden)) await updates.SendAsync(UserId, UserUpdateEvents.GardenUpdated, GardenRules.View(state.State.Garden, today));
    }

    [Flags]
    private enum Changed { Nothing = 0, Streak = 1, Garden = 2 }
}
