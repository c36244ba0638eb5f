using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Journal.Grains.Community;

/// <summary>
/// The moderation queue. Claims, resolutions and appeal decisions are turns of this one grain, so each
/// sees the outcome of the one before: a report is resolved once, an appeal decided once. The actions
/// themselves are carried out by the grain that owns the target (post, thread, story or member), which logs them.
/// </summary>
[GrainType(GrainTypes.ModerationQueue)]
public sealed class ModerationQueueGrain(
    [UnitOfWorkState("moderation-queue")] IUnitOfWorkState<QueueVersion> version,
    NpgsqlDataSource dataSource,
    IOptions<CommunityOptions> options,
    ILogger<ModerationQueueGrain> logger) : Grain, IModerationQueueGrain
{
    public async Task<Page<Report>> ListReportsAsync(ReportQuery query)
    {
        // Most urgent first, then oldest first: the cursor is the last row's (priority, created_at, id).
        short? afterPriority = null;
        DateTimeOffset? afterAt = null;
        Guid? afterId = null;
        if (query.Cursor is not null)
        {
            var parts = Cursor.Decode(query.Cursor, 3);
            afterPriority = Cursor.Parse<short>(parts[0]);
            afterAt = Cursor.ParseInstant(parts[1]);
            afterId = Cursor.Parse<Guid>(parts[2]);
        }
        // A claim that ran out puts the report back in the pending queue: the status is read as of now.
        var columns = ReportRow.Columns.Replace("status,", "CASE WHEN status = 'under_review' AND claimed_until < now() THEN 'pending' ELSE status END AS status,");
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<ReportRow>(
            $"""
            SELECT * FROM (SELECT {columns} FROM community_reports) AS reports
            WHERE (@Status::text IS NULL OR status = @Status) AND (@Priority::int IS NULL OR priority = @Priority)
              AND (@afterPriority::smallint IS NULL OR priority < @afterPriority OR (priority = @afterPriority AND (created_at, id) > (@afterAt, @afterId)))
            ORDER BY priority DESC, created_at, id
            LIMIT @take
            """,
            new
            {
                Status = query.Status is { } status ? EnumText<ReportStatus>.ToText(status) : null, query.Priority,
                afterPriority, afterAt, afterId, take = query.Limit + 1,
            })).ToList();
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveRange(query.Limit, rows.Count - query.Limit);
            var last = rows[^1];
            next = Cursor.Encode(last.Priority.ToString(), last.CreatedAt.UtcTicks.ToString(), last.Id.ToString("N"));
        }
        return new([.. rows.Select(row => row.ToReport())], next);
    }

    public async Task<CommunityResult<Report>> ClaimAsync(Guid reportId, Guid moderatorId)
    {
        var now = StoredTime.Now();
        if (await OpenReportAsync(reportId, moderatorId, now) is { Status: not CommunityStatus.Done } refused) return refused;
        await version.WriteStateAsync(new UnitOfWork().Execute(
            "UPDATE community_reports SET status = 'under_review', claimed_by = @moderatorId, claimed_until = @until WHERE id = @reportId",
            new { reportId, moderatorId, until = now + options.Value.ClaimDuration }));
        return CommunityResult<Report>.Done((await FindReportAsync(reportId))!);
    }

    public async Task<CommunityResult<Report>> ResolveAsync(Guid reportId, Guid moderatorId, Resolution resolution)
    {
        var now = StoredTime.Now();
        var open = await OpenReportAsync(reportId, moderatorId, now);
        if (open.Status != CommunityStatus.Done) return open;
        var report = open.Item!;
        if (report.TargetAuthorId == moderatorId)
            return CommunityResult<Report>.Fail(CommunityStatus.NotYours, "This report is about you; another moderator must resolve it.");

        var command = new ModerationCommand(resolution.Action, moderatorId, resolution.Notes, report.Id, resolution.SuspendDays, resolution.ByAdmin);
        var changes = new UnitOfWork();
        ModerationAction action;
        if (resolution.Action == ModerationActionKind.Dismiss)
        {
            // Unfounded reports: what they hid automatically comes back (and its tally starts again).
            if (report.TargetType != TargetType.User && (await LatestOfKindAsync(report.TargetType, report.TargetId, ModerationActionKind.AutoHide))?.Action == ModerationActionKind.AutoHide)
            {
                var unhidden = await ApplyAsync(report.TargetType, report.TargetId, report.PostId, report.TargetAuthorId, command with { Action = ModerationActionKind.Unhide });
                if (unhidden.Status != CommunityStatus.Done) return CommunityResult<Report>.Fail(unhidden.Status, unhidden.Detail!);
            }
            // Nobody is affected by a dismissal, so the queue logs it itself.
            action = ModerationLog.NewAction(command, report.TargetType, report.TargetId, null, now);
            changes.Record(action, this.GetStreamProvider(OutboxStreams.Default));
        }
        else
        {
            var applied = await ApplyAsync(report.TargetType, report.TargetId, report.PostId, report.TargetAuthorId, command);
            if (applied.Status != CommunityStatus.Done) return CommunityResult<Report>.Fail(applied.Status, applied.Detail!);
            action = applied.Item!;
        }
        // Every open report of the same target is answered by this decision: those open now, named by id, so
        // a report filed meanwhile stays open, and each resolved one's time to resolution is known exactly.
        var answered = await OpenReportsOfAsync(report.TargetType, report.TargetId);
        var resolvedAt = StoredTime.Now();
        await version.WriteStateAsync(changes
            .Execute(
                """
                UPDATE community_reports
                SET status = 'resolved', resolved_by = @moderatorId, resolution = @resolution, resolution_notes = @Notes, resolution_action_id = @actionId,
                    resolved_at = @resolvedAt, claimed_until = NULL
                WHERE id = ANY(@ids)
                """,
                new
                {
                    moderatorId, resolution = EnumText<ModerationActionKind>.ToText(resolution.Action), resolution.Notes, actionId = action.Id, resolvedAt,
                    ids = answered.Select(open => open.Id).ToArray(),
                })
            .PublishStats(this.GetStreamProvider(OutboxStreams.Default), new CommunityActivity(CommunityActivityKind.ReportsResolved, resolvedAt,
                [.. answered.Select(open => resolvedAt - open.CreatedAt)])));
        return CommunityResult<Report>.Done((await FindReportAsync(reportId))!);
    }

    public async Task<Page<Appeal>> ListAppealsAsync(AppealQuery query)
    {
        var (afterAt, afterId) = TimeCursor.Decode(query.Cursor);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<AppealRow>(
            $"""
            SELECT {AppealRow.Columns} FROM community_appeals
            WHERE (@Status::text IS NULL OR status = @Status) AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @take
            """,
            new { Status = query.Status is { } status ? EnumText<AppealStatus>.ToText(status) : null, afterAt, afterId, take = query.Limit + 1 })).ToList();
        return TimeCursor.ToPage(rows, query.Limit, row => (row.CreatedAt, row.Id), row => row.ToAppeal());
    }

    public async Task<CommunityResult<Appeal>> DecideAppealAsync(Guid appealId, Guid moderatorId, bool byAdmin, AppealDecision decision, string? notes)
    {
        var appeal = await FindAppealAsync(appealId);
        if (appeal is null) return CommunityResult<Appeal>.Fail(CommunityStatus.NotFound, "There is no such appeal.");
        if (appeal.UserId == moderatorId) return CommunityResult<Appeal>.Fail(CommunityStatus.NotYours, "You cannot decide your own appeal.");
        if (appeal.Status != AppealStatus.Pending) return CommunityResult<Appeal>.Fail(CommunityStatus.Refused, "This appeal has already been decided.");
        var action = (await ModerationLog.FindAsync(dataSource, appeal.ModerationActionId))!;
        if (decision == AppealDecision.Reverse && (await LatestOfKindAsync(action.TargetType, action.TargetId, action.Action))?.Id != action.Id)
            return CommunityResult<Appeal>.Fail(CommunityStatus.Refused, "A later moderation action has replaced this one; uphold this appeal and review the later action instead.");
        var now = StoredTime.Now();
        var changes = new UnitOfWork();
        if (decision == AppealDecision.Reverse)
        {
            if (ModerationRules.Reversal(action.Action) is { } undo)
            {
                var postId = action.TargetType == TargetType.Comment ? await CommunityLookups.CommentPostAsync(dataSource, action.TargetId) : action.TargetId;
                var reverse = new ModerationCommand(undo, moderatorId, "Appeal accepted" + (notes is null ? "" : ": " + notes), action.ReportId, ByAdmin: byAdmin);
                var undone = await ApplyAsync(action.TargetType, action.TargetId, postId, action.AffectedUserId, reverse);
                if (undone.Status != CommunityStatus.Done) return CommunityResult<Appeal>.Fail(undone.Status, undone.Detail!);
            }
            changes.Execute("UPDATE moderation_actions SET reversed_at = @now, reversed_by_appeal = @appealId WHERE id = @Id", new { now, appealId, action.Id });
        }
        var decided = appeal with
        {
            Status = decision == AppealDecision.Reverse ? AppealStatus.Reversed : AppealStatus.Upheld, DecidedBy = moderatorId, DecisionNotes = notes, DecidedAt = now,
        };
        await version.WriteStateAsync(changes.Execute(
            "UPDATE community_appeals SET status = @Status, decided_by = @DecidedBy, decision_notes = @DecisionNotes, decided_at = @DecidedAt WHERE id = @Id",
            new { Status = EnumText<AppealStatus>.ToText(decided.Status), decided.DecidedBy, decided.DecisionNotes, decided.DecidedAt, decided.Id }));
        await CommunityNotices.TellAboutAppealAsync(GrainFactory, decided, logger);
        return CommunityResult<Appeal>.Done(decided);
    }

    // Has the grain that owns the target carry out the action (and log it).
    private async Task<CommunityResult<ModerationAction>> ApplyAsync(TargetType targetType, Guid targetId, Guid? postId, Guid? authorId, ModerationCommand command)
    {
        if (ModerationRules.AppliesToMember(command.Action))
        {
            return authorId is { } userId
                ? await GrainFactory.GetGrain<IMemberGrain>(userId).SanctionAsync(command)
                : CommunityResult<ModerationAction>.Fail(CommunityStatus.Refused, "The author's account no longer exists.");
        }
        return targetType switch
        {
            TargetType.Post => await GrainFactory.GetGrain<IPostGrain>(targetId).ModerateAsync(command),
            TargetType.Comment when postId is { } thread => await GrainFactory.GetGrain<IThreadGrain>(thread).ModerateCommentAsync(targetId, command),
            TargetType.Comment => CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such comment."),
            TargetType.Story => await GrainFactory.GetGrain<IStoryGrain>(targetId).ModerateAsync(command),
            _ => CommunityResult<ModerationAction>.Fail(CommunityStatus.Refused,
                $"'{EnumText<ModerationActionKind>.ToText(command.Action)}' does not apply to a member; warn, suspend or ban them."),
        };
    }

    // The latest logged action of the same kind as <paramref name="kind"/> (visibility, lock or standing) on a target.
    private async Task<ModerationAction?> LatestOfKindAsync(TargetType targetType, Guid targetId, ModerationActionKind kind)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<ModerationActionRow>(
            $"""
            SELECT {ModerationActionRow.Columns} FROM moderation_actions
            WHERE target_type = @TargetType AND target_id = @targetId AND action = ANY(@actions)
            ORDER BY created_at DESC, id DESC LIMIT 1
            """,
            new { TargetType = EnumText<TargetType>.ToText(targetType), targetId, actions = ModerationRules.SameKind(kind).Select(EnumText<ModerationActionKind>.ToText).ToArray() });
        return row?.ToAction();
    }

    // A report this moderator may act on: it exists, is not resolved, and nobody else holds a live claim on it.
    private async Task<CommunityResult<Report>> OpenReportAsync(Guid reportId, Guid moderatorId, DateTimeOffset now)
    {
        var report = await FindReportAsync(reportId);
        if (report is null) return CommunityResult<Report>.Fail(CommunityStatus.NotFound, "There is no such report.");
        if (report.Status == ReportStatus.Resolved) return CommunityResult<Report>.Fail(CommunityStatus.Refused, "This report has already been resolved.");
        if (report.ClaimedBy is { } holder && holder != moderatorId && report.ClaimedUntil > now)
            return CommunityResult<Report>.Fail(CommunityStatus.Refused, $"Another moderator is reviewing this report until {report.ClaimedUntil:u}.");
        return CommunityResult<Report>.Done(report);
    }

    private async Task<List<Report>> OpenReportsOfAsync(TargetType targetType, Guid targetId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<ReportRow>(
            $"SELECT {ReportRow.Columns} FROM community_reports WHERE target_type = @targetType AND target_id = @targetId AND status <> 'resolved'",
            new { targetType = EnumText<TargetType>.ToText(targetType), targetId });
        return [.. rows.Select(row => row.ToReport())];
    }

    private async Task<Report?> FindReportAsync(Guid reportId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QuerySingleOrDefaultAsync<ReportRow>($"SELECT {ReportRow.Columns} FROM community_reports WHERE id = @reportId", new { reportId }))?.ToReport();
    }

    private async Task<Appeal?> FindAppealAsync(Guid appealId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QuerySingleOrDefaultAsync<AppealRow>($"SELECT {AppealRow.Columns} FROM community_appeals WHERE id = @appealId", new { appealId }))?.ToAppeal();
    }
}

/// <summary>The queue's stored state is only its version: its rows are the queue.</summary>
public sealed class QueueVersion;
