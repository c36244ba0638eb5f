using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Journal;
using Journal.GrainInterfaces.Notifications;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Journal;
using Journal.Grains.Mood;
using Journal.Grains.Privacy;
using Journal.Persistence.Reminders;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Npgsql;
using Orleans.Streams;

namespace Journal.Grains.Insights;

/// <summary>
/// A user's analytics, fed by their activity stream (durable, in order, at least once). Each event
/// has two effects, each taken exactly once by its source's sequence (kept in the state, written
/// with the effects): its platform effect (an active day, an entry or a check-in of a UTC day),
/// published on the platform stream in the same transaction; and its effect on the daily figures,
/// only while the user consents to data processing. Effects are taken in memory and written a few
/// seconds later, many deliveries at once, with one platform event for all of them (<see cref="WriteBehind"/>);
/// the state keeps the position of the last delivered event, so an activation lost before its write
/// is redone from the outbox (<see cref="StreamConsumerGrain{TEvent}.CatchUpAsync"/>). Insights are
/// computed on request from the figures; the weekly reminder stores last week's (and last month's) document, sealed, and tells
/// the user if they want to hear about it.
/// </summary>
[ImplicitStreamSubscription(ActivityEvent.StreamNamespace)]
[GrainType(GrainTypes.Insights)]
public sealed class InsightsGrain(
    [UnitOfWorkState("insights")] IUnitOfWorkState<InsightsState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    InsightsSource source) : StreamConsumerGrain<ActivityEvent>, IInsightsGrain
{
    public const string WeeklyReminder = "weekly-insights";

    /// <summary>Keywords asked of the journal per document (themes take the first five that are not tags).</summary>
    private const int KeywordsAsked = 10;

    private UserDataKey? _key;
    private WriteBehind? _writes;

    /// <summary>The platform effects taken in memory since the last write: published with the next one.</summary>
    private PlatformChanges _platform = new();

    private Guid UserId => this.GetPrimaryKey();

    private InsightsState Figures => state.State;

    private WriteBehind Writes => _writes ??= WriteLater(OutboxStreams.Default, () => WriteAsync(new UnitOfWork()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = await keys.LoadAsync(UserId, cancellationToken);
        // What an earlier activation took but did not write comes again from the outbox.
        if (!Figures.Erased)
        {
            var stream = StreamId.Create(ActivityEvent.StreamNamespace, UserId);
            await CatchUpAsync(OutboxStreams.Default, stream, Figures.Delivered.LastApplied(stream), cancellationToken);
        }
    }

    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<ActivityEvent>> items)
    {
        if (Figures.Erased) return;
        var changes = new UnitOfWork();
        var forgotten = false;
        string? timeZone = null;
        foreach (var activity in items.Select(item => item.Item))
        {
            // Redelivered, or (for the figures) already in the rows a rebuild read: no effect again.
            if (activity.Sequence > Figures.AppliedThrough(activity.Source))
            {
                Figures.Applied[activity.Source] = activity.Sequence;
                _platform.Record(Figures.ActiveDays, activity);
            }
            if (activity.Sequence > Figures.ReflectedThrough(activity.Source))
            {
                Figures.Reflected[activity.Source] = activity.Sequence;
                forgotten |= activity.Kind == ActivityEventKind.DataProcessingWithdrawn;
                await ReflectAsync(activity, changes);
            }
            timeZone = activity.TimeZone;
        }
        // Past every delivered event: a catch-up starts after it.
        Figures.Delivered.Record(stream, items);
        if (!Figures.ReminderRegistered && timeZone is not null)
        {
            await ScheduleWeeklyAsync(timeZone);
            Figures.ReminderRegistered = true;
        }
        // Withdrawn consent deletes the user's stored documents now, not seconds later.
        if (forgotten) await WriteAsync(changes);
        else await Writes.AppliedAsync(items.Count);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        Figures.Erased ? Task.CompletedTask : Writes.DeactivatingAsync(reason);

    public async Task<InsightAnswer<MoodTrends>> GetMoodTrendsAsync(MoodPeriod period)
    {
        var (status, clock) = await GateAsync();
        return status != InsightStatus.Ready
            ? new(status, null)
            : new(status, MoodTrendRules.Trends(period, clock!.DayOf(DateTimeOffset.UtcNow), Figures.DaysByDate()));
    }

    public async Task<InsightAnswer<InsightDocument>> GetInsightAsync(InsightPeriod period)
    {
        var (status, _) = await GateAsync();
        return status != InsightStatus.Ready ? new(status, null) : new(status, await ComputeAsync(period));
    }

    public async Task<InsightAnswer<InsightFigures>> RebuildAsync()
    {
        var (status, clock) = await GateAsync(privateModeMatters: false);
        if (status == InsightStatus.AccountNotFound) return new(status, null);
        var changes = new UnitOfWork();
        if (clock!.DataProcessing) await RebuildFromSourceAsync();
        else Forget(changes);
        await WriteAsync(changes);
        return new(status, Figures.Totals());
    }

    public Task<InsightFigures> GetFiguresAsync() => Task.FromResult(Figures.Totals());

    public async Task<InsightsExport> ExportAsync()
    {
        var key = RequireKey();
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Kind, string Period, byte[] SealedDocument)>(
            "SELECT kind, period, sealed_document FROM insight_documents WHERE user_id = @UserId ORDER BY kind, period", new { UserId });
        return new InsightsExport(Figures.Export(), [.. rows.Select(row => key.Open<InsightDocument>(DocumentPurpose(row.Kind, row.Period), UserId, row.SealedDocument))]);
    }

    public async Task EraseAsync()
    {
        // A tombstone rather than nothing: events still in the stream must not rebuild a deleted user's figures.
        state.State = new InsightsState { Erased = true };
        await WriteAsync(new UnitOfWork().Execute("DELETE FROM insight_documents WHERE user_id = @UserId", new { UserId }));
        await this.UnregisterReminder(WeeklyReminder);
        _key = null;
        DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WeeklyReminder) return;
        var user = GrainFactory.GetGrain<IUserGrain>(UserId);
        if (Figures.Erased || await user.GetClockAsync() is not { } clock)
        {
            await this.UnregisterReminder(WeeklyReminder);
            return;
        }
        // The next run first: whatever fails below, the series goes on.
        await ScheduleWeeklyAsync(clock.TimeZone);
        if (!clock.DataProcessing || clock.PrivateMode) return;

        var today = clock.DayOf(DateTimeOffset.UtcNow);
        var week = InsightPeriod.WeekOf(today.AddDays(-7));
        var month = InsightPeriod.MonthOf(InsightPeriod.MonthOf(today).From.AddDays(-1));
        var documents = new List<InsightDocument>();
        var changes = new UnitOfWork();
        if (Figures.LastWeekly != week.Name && await GenerateAsync(week, changes) is { } weekly) documents.Add(weekly);
        if (Figures.LastMonthly != month.Name && await GenerateAsync(month, changes) is { } monthly) documents.Add(monthly);
        // Told before the commit: if the commit fails, the reminder's retry generates again and the
        // notification's dedupe key keeps it to one; told after, a failure would lose it.
        if (documents.Count > 0) await NotifyAsync(documents, (await user.GetSettingsAsync()).Notifications);
        Figures.LastWeekly = week.Name;
        Figures.LastMonthly = month.Name;
        await WriteAsync(changes);
    }

    /// <summary>
    /// Writes the state with <paramref name="changes"/> and publishes the platform effects taken since the
    /// last write in the same transaction: each reaches the platform figures exactly once.
    /// </summary>
    private async Task WriteAsync(UnitOfWork changes)
    {
        if (_platform.ToEvent() is { } platformActivity) changes.Publish(PlatformStream(), platformActivity);
        await state.WriteStateAsync(changes);
        _platform = new PlatformChanges();
        Writes.Written();
    }

    /// <summary>Whether an insight may be computed now, with the clock it was decided by.</summary>
    private async Task<(InsightStatus Status, UserClock? Clock)> GateAsync(bool privateModeMatters = true)
    {
        var clock = await GrainFactory.GetGrain<IUserGrain>(UserId).GetClockAsync();
        var status = clock switch
        {
            null => InsightStatus.AccountNotFound,
            { DataProcessing: false } => InsightStatus.ConsentRequired,
            { PrivateMode: true } when privateModeMatters => InsightStatus.PrivateMode,
            _ => InsightStatus.Ready,
        };
        return (status, clock);
    }

    private async Task ReflectAsync(ActivityEvent activity, UnitOfWork changes)
    {
        switch (activity.Kind)
        {
            case ActivityEventKind.DataProcessingWithdrawn:
                Forget(changes);
                return;
            case ActivityEventKind.DataProcessingGranted:
                if (Figures.Collecting != true) await RebuildFromSourceAsync();
                return;
        }
        if (Figures.Collecting is null)
        {
            // The first event this grain sees (a new user, or one from before insights existed): start
            // from the rows if the user consents; they include this event's effect and every earlier one.
            if ((await GrainFactory.GetGrain<IUserGrain>(UserId).GetClockAsync())?.DataProcessing == true) await RebuildFromSourceAsync();
            else Figures.Collecting = false;
            return;
        }
        if (Figures.Collecting == false) return;
        switch (activity.Kind)
        {
            case ActivityEventKind.EntryCreated or ActivityEventKind.EntryUpdated or ActivityEventKind.EntryDeleted or ActivityEventKind.EntryRestored:
                // An edit or deletion from before events carried the entry's previous figures: the rows tell.
                if (!Figures.TryApplyEntry(activity)) await RebuildFromSourceAsync();
                break;
            case ActivityEventKind.CheckInCreated when activity.CheckIn is { } checkIn:
                Figures.AddCheckIn(activity.Day, checkIn);
                break;
        }
    }

    /// <summary>Replaces the figures by what the rows hold now; the sources' events up to that point are then reflected.</summary>
    private async Task RebuildFromSourceAsync()
    {
        var snapshot = await source.ReadAsync(UserId);
        Figures.ClearFigures();
        foreach (var figures in snapshot.Entries) Figures.AddEntry(figures, 1);
        foreach (var (day, checkIn) in snapshot.CheckIns) Figures.AddCheckIn(day, checkIn);
        Figures.Reflected[JournalGrain.EventSource] = Math.Max(Figures.ReflectedThrough(JournalGrain.EventSource), snapshot.JournalSequence);
        Figures.Reflected[MoodGrain.EventSource] = Math.Max(Figures.ReflectedThrough(MoodGrain.EventSource), snapshot.MoodSequence);
        Figures.Collecting = true;
    }

    /// <summary>Consent withdrawn: no figure and no document is kept.</summary>
    private void Forget(UnitOfWork changes)
    {
        Figures.ClearFigures();
        Figures.Collecting = false;
        Figures.LastWeekly = Figures.LastMonthly = null;
        changes.Execute("DELETE FROM insight_documents WHERE user_id = @UserId", new { UserId });
    }

    private async Task<InsightDocument> ComputeAsync(InsightPeriod period)
    {
        var keywords = await GrainFactory.GetGrain<IJournalGrain>(UserId).GetKeywordsAsync(period.From, period.To, KeywordsAsked);
        return InsightRules.Document(period, Figures.DaysByDate(), keywords);
    }

    /// <summary>Computes and stores (sealed) a period's document; null when nothing happened in it.</summary>
    private async Task<InsightDocument?> GenerateAsync(InsightPeriod period, UnitOfWork changes)
    {
        if (!Figures.DaysByDate().Keys.Any(day => day >= period.From && day <= period.To)) return null;
        var document = await ComputeAsync(period);
        changes.Execute(
            """
            INSERT INTO insight_documents (user_id, kind, period, generated_at, sealed_document) VALUES (@UserId, @Kind, @Period, now(), @Sealed)
            ON CONFLICT (user_id, kind, period) DO UPDATE SET generated_at = excluded.generated_at, sealed_document = excluded.sealed_document
            """,
            new { UserId, Kind = period.Kind, Period = period.Name, Sealed = RequireKey().Seal(DocumentPurpose(period.Kind, period.Name), UserId, document) });
        return document;
    }

    private async Task NotifyAsync(List<InsightDocument> documents, NotificationSettings wanted)
    {
        var inbox = GrainFactory.GetGrain<INotificationGrain>(UserId);
        foreach (var document in documents)
        {
            var weekly = document.Kind == InsightPeriod.Weekly;
            if (!(weekly ? wanted.WeeklyInsights : wanted.MonthlyInsights)) continue;
            // The dedupe key makes a re-fired reminder notify once.
            await inbox.NotifyAsync(new NewNotification(NotificationKinds.Insight,
                weekly ? "Your week in review" : "Your month in review",
                $"{document.Entries} {(document.Entries == 1 ? "entry" : "entries")}, {document.TotalWords} words. See what stood out in {document.Period}.",
                $"insight/{document.Kind}/{document.Period}"));
        }
    }

    private async Task ScheduleWeeklyAsync(string timeZone)
    {
        var due = InsightSchedule.NextWeeklyRun(DateTimeOffset.UtcNow, timeZone) - DateTimeOffset.UtcNow;
        await this.RegisterOnceReminder(WeeklyReminder, due);
    }

    private IAsyncStream<PlatformActivity> PlatformStream() =>
        this.GetStreamProvider(OutboxStreams.Default).GetStream<PlatformActivity>(StreamId.Create(PlatformActivity.StreamNamespace, PlatformActivity.StreamKey));

    private static string DocumentPurpose(string kind, string period) => $"insight/{kind}/{period}";

    private UserDataKey RequireKey() => _key ?? throw new AccountNotFoundException(UserId);
}
