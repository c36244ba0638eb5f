using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Grains.Stories;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Journal.Grains.Community;

/// <summary>
/// A user's community standing, and the door their community writes go through: a sanction or a
/// quota is checked and spent in the same turn as the write it allows. The single writer of the
/// member's row, of the reports they file (one per target, which only they can race against) and of
/// their appeals.
/// </summary>
[GrainType(GrainTypes.Member)]
public sealed partial class MemberGrain(
    [UnitOfWorkState("member")] IUnitOfWorkState<MemberState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    IOptions<CommunityOptions> options,
    ILogger<MemberGrain> logger) : Grain, IMemberGrain
{
    private Guid UserId => this.GetPrimaryKey();

    private CommunityOptions Policy => options.Value;

    public async Task<CommunityResult<Post>> CreatePostAsync(Guid categoryId, string title, string content, IdempotencyKey? idempotency)
    {
        if (await EarlierCreateAsync("community_posts", idempotency) is { } earlier)
        {
            if (earlier.Id == Guid.Empty) return CommunityResult<Post>.Fail(CommunityStatus.KeyReused, "This Idempotency-Key was already used for a different request.");
            return new(CommunityStatus.Replayed, await GrainFactory.GetGrain<IPostGrain>(earlier.Id).GetAsync());
        }
        var identity = await IdentityAsync();
        var now = StoredTime.Now();
        if (Refusal<Post>(identity, now, state.State.Posts, Policy.NewAccountPostsPerDay, "posts") is { } refused) return refused;
        Post post;
        try
        {
            post = await GrainFactory.GetGrain<IPostGrain>(Guid.NewGuid()).CreateAsync(new NewPost(categoryId, UserId, identity.Pseudonym, title, content, idempotency));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return CommunityResult<Post>.Fail(CommunityStatus.NotFound, "There is no such category.");
        }
        await SpendAsync(identity, now, state.State.Posts);
        return CommunityResult<Post>.Done(post);
    }

    public async Task<CommunityResult<Comment>> AddCommentAsync(Guid postId, string content, Guid? parentCommentId, IdempotencyKey? idempotency)
    {
        if (await EarlierCreateAsync("community_comments", idempotency) is { } earlier)
        {
            if (earlier.Id == Guid.Empty) return CommunityResult<Comment>.Fail(CommunityStatus.KeyReused, "This Idempotency-Key was already used for a different request.");
            var thread = await GrainFactory.GetGrain<IThreadGrain>(earlier.PostId).GetAsync();
            return thread?.Comments.Find(comment => comment.Id == earlier.Id) is { } first
                ? new(CommunityStatus.Replayed, first)
                : CommunityResult<Comment>.Fail(CommunityStatus.NotFound, "There is no such post.");
        }
        var identity = await IdentityAsync();
        var now = StoredTime.Now();
        if (Refusal<Comment>(identity, now, state.State.Comments, Policy.NewAccountCommentsPerDay, "comments") is { } refused) return refused;
        var added = await GrainFactory.GetGrain<IThreadGrain>(postId).AddCommentAsync(new NewComment(UserId, identity.Pseudonym, content, parentCommentId, idempotency));
        if (added.Status == CommunityStatus.Done) await SpendAsync(identity, now, state.State.Comments);
        return added;
    }

    // A sanction that commits while one of these waits its turn is seen by it: the check and the write are one turn.
    public Task<CommunityResult<Post>> EditPostAsync(Guid postId, string? title, string? content) =>
        UnlessSanctionedAsync(() => GrainFactory.GetGrain<IPostGrain>(postId).EditAsync(UserId, title, content));

    public Task<CommunityResult<Post>> DeletePostAsync(Guid postId) =>
        UnlessSanctionedAsync(() => GrainFactory.GetGrain<IPostGrain>(postId).DeleteAsync(UserId));

    public Task<CommunityResult<Comment>> EditCommentAsync(Guid postId, Guid commentId, string content) =>
        UnlessSanctionedAsync(() => GrainFactory.GetGrain<IThreadGrain>(postId).EditCommentAsync(commentId, UserId, content));

    public Task<CommunityResult<Comment>> DeleteCommentAsync(Guid postId, Guid commentId) =>
        UnlessSanctionedAsync(() => GrainFactory.GetGrain<IThreadGrain>(postId).DeleteCommentAsync(commentId, UserId));

    public async Task<CommunityResult<Report>> FileReportAsync(NewReport report)
    {
        var identity = await IdentityAsync();
        var now = StoredTime.Now();
        if (state.State.ActiveSanction(now) is { } sanction) return Sanctioned<Report>(sanction);
        if (!WriteQuota.Allows(state.State.Reports, now, Policy.ReportsPerDay))
        {
            var next = WriteQuota.NextAllowedAt(state.State.Reports, now, Policy.ReportsPerDay);
            return CommunityResult<Report>.LimitReached($"You can file {Policy.ReportsPerDay} reports a day; the next one is possible at {next:u}.", next);
        }
        if (await AlreadyReportedAsync(report))
            return CommunityResult<Report>.Fail(CommunityStatus.Duplicate, "You have already reported this.");

        var tally = new ReportTally(UserId, ReportPolicy.Weight(identity.Roles, identity.CreatedAt, now, Policy));
        var counted = await CountAsync(report, tally);
        if (counted.Status != CommunityStatus.Done) return CommunityResult<Report>.Fail(counted.Status, counted.Detail!);
        var target = counted.Item!;

        var filed = new Report(Guid.NewGuid(), UserId, report.TargetType, report.TargetId, target.PostId,
            target.TargetAuthorId, report.Reason, report.Details, ReportPolicy.Priority(report.Reason), tally.Weight, ReportStatus.Pending,
            null, null, null, null, null, now, null);
        state.State.Reports = WriteQuota.Recent(state.State.Reports, now);
        state.State.Reports.Add(now);
        await state.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO community_reports (id, reporter_id, target_type, target_id, post_id, target_author_id, reason, details, priority, weight, status, created_at)
            VALUES (@Id, @ReporterId, @TargetType, @TargetId, @PostId, @TargetAuthorId, @Reason, @Details, @Priority, @Weight, 'pending', @CreatedAt)
            """,
            new
            {
                filed.Id, filed.ReporterId, TargetType = EnumText<TargetType>.ToText(filed.TargetType), filed.TargetId, filed.PostId, filed.TargetAuthorId,
                Reason = EnumText<ReportReason>.ToText(filed.Reason), filed.Details, Priority = (short)filed.Priority, Weight = (float)filed.Weight, filed.CreatedAt,
            })
            .PublishStats(this.GetStreamProvider(OutboxStreams.Default), CommunityActivity.Of(CommunityActivityKind.ReportFiled, now)));
        if (report.Reason == ReportReason.SelfHarm && target.TargetAuthorId is { } author)
            await CommunityNotices.SendCrisisResourcesAsync(GrainFactory, author, report.TargetType, report.TargetId, logger);
        return CommunityResult<Report>.Done(filed);
    }

    public async Task<CommunityResult<ModerationAction>> SanctionAsync(ModerationCommand command)
    {
        if (!ModerationRules.AppliesToMember(command.Action))
            return CommunityResult<ModerationAction>.Fail(CommunityStatus.Refused, $"'{EnumText<ModerationActionKind>.ToText(command.Action)}' does not apply to a member.");
        if (await GrainFactory.GetGrain<IUserGrain>(UserId).GetCommunityIdentityAsync() is not { } identity)
            return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such user.");
        if (command.ModeratorId == UserId) return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotYours, "Moderators do not sanction themselves.");
        if (!command.ByAdmin && (identity.Roles.Contains(Roles.Moderator) || identity.Roles.Contains(Roles.Admin)))
            return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotYours, "Only an admin sanctions a moderator or an admin.");
        var now = StoredTime.Now();
        var member = state.State;
        DateTimeOffset? until = null;
        switch (command.Action)
        {
            case ModerationActionKind.Suspend:
                until = now.AddDays(command.SuspendDays ?? 1);
                member.SuspendedUntil = until;
                member.SanctionReason = command.Reason;
                break;
            case ModerationActionKind.Ban:
                member.Banned = true;
                member.SanctionReason = command.Reason;
                break;
            case ModerationActionKind.Unban:
                member.Banned = false;
                member.SuspendedUntil = null;
                member.SanctionReason = null;
                break;
        }
        var action = ModerationLog.NewAction(command, TargetType.User, UserId, UserId, now, until);
        await state.WriteStateAsync(new UnitOfWork()
            .Execute(
                """
                INSERT INTO community_members (user_id, suspended_until, banned, sanction_reason, updated_at)
                VALUES (@UserId, @SuspendedUntil, @Banned, @SanctionReason, @now)
                ON CONFLICT (user_id) DO UPDATE SET suspended_until = EXCLUDED.suspended_until, banned = EXCLUDED.banned,
                    sanction_reason = EXCLUDED.sanction_reason, updated_at = EXCLUDED.updated_at
                """,
                new { UserId, member.SuspendedUntil, member.Banned, member.SanctionReason, now })
            .Record(action, this.GetStreamProvider(OutboxStreams.Default)));
        await CommunityNotices.TellAboutAsync(GrainFactory, action, logger);
        return CommunityResult<ModerationAction>.Done(action);
    }

    public async Task<CommunityResult<Appeal>> FileAppealAsync(Guid moderationActionId, string message)
    {
        // A sanctioned member may still appeal: that is what appeals are for.
        var action = await ModerationLog.FindAsync(dataSource, moderationActionId);
        if (action is null || action.AffectedUserId != UserId)
            return CommunityResult<Appeal>.Fail(CommunityStatus.NotFound, "There is no such moderation action on your content or account.");
        if (!ModerationRules.IsAppealable(action.Action) || action.ReversedAt is not null)
            return CommunityResult<Appeal>.Fail(CommunityStatus.Refused, "This action cannot be appealed.");
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM community_appeals WHERE moderation_action_id = @moderationActionId)", new { moderationActionId }))
                return CommunityResult<Appeal>.Fail(CommunityStatus.Duplicate, "This action has already been appealed.");
        }
        var appeal = new Appeal(Guid.NewGuid(), UserId, moderationActionId, message, AppealStatus.Pending, null, null, StoredTime.Now(), null);
        await state.WriteStateAsync(new UnitOfWork().Execute(
            "INSERT INTO community_appeals (id, user_id, moderation_action_id, message, status, created_at) VALUES (@Id, @UserId, @ModerationActionId, @Message, 'pending', @CreatedAt)",
            new { appeal.Id, appeal.UserId, appeal.ModerationActionId, appeal.Message, appeal.CreatedAt }));
        return CommunityResult<Appeal>.Done(appeal);
    }

    public async Task<ImmutableList<Appeal>> ListAppealsAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. (await connection.QueryAsync<AppealRow>($"SELECT {AppealRow.Columns} FROM community_appeals WHERE user_id = @UserId ORDER BY created_at DESC", new { UserId }))
            .Select(row => row.ToAppeal())];
    }

    public async Task<CommunityExport?> ExportAsync()
    {
        if (await GrainFactory.GetGrain<IUserGrain>(UserId).GetCommunityIdentityAsync() is not { } identity) return null;
        await using var connection = await dataSource.OpenConnectionAsync();
        var posts = await connection.QueryAsync<PostRow>($"SELECT {PostRow.Columns} FROM community_posts WHERE author_id = @UserId ORDER BY created_at", new { UserId });
        var comments = await connection.QueryAsync<CommentRow>($"SELECT {CommentRow.Columns} FROM community_comments WHERE author_id = @UserId ORDER BY created_at", new { UserId });
        var reports = await connection.QueryAsync<ReportRow>($"SELECT {ReportRow.Columns} FROM community_reports WHERE reporter_id = @UserId ORDER BY created_at", new { UserId });
        var stories = await connection.QueryAsync<StoryRow>($"SELECT {StoryRow.Columns} FROM stories WHERE author_id = @UserId ORDER BY created_at", new { UserId });
        var (following, followers) = await Follows.BothWaysAsync(dataSource, UserId);
        // The member's own stories: the private and friends ones are sealed under their key.
        var key = await keys.LoadAsync(UserId);
        return new CommunityExport(identity.Pseudonym, state.State.ActiveSanction(DateTimeOffset.UtcNow),
            [.. posts.Select(row => row.ToPost())], [.. comments.Select(row => row.ToComment())], [.. reports.Select(row => row.ToReport())],
            await ModerationLog.AffectingAsync(dataSource, UserId), await ListAppealsAsync(), [.. stories.Select(row => row.ToStory(key))], [.. following], [.. followers]);
    }

    public async Task EraseAsync(bool deleteContent)
    {
        // Posts, comments and stories go through their own grains (they hold them in memory), then this member's rows.
        List<Guid> posts;
        List<Guid> threads;
        List<Guid> stories;
        List<(string TargetType, Guid TargetId, Guid? PostId)> reportedContent;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            posts = [.. await connection.QueryAsync<Guid>("SELECT id FROM community_posts WHERE author_id = @UserId", new { UserId })];
            threads = [.. await connection.QueryAsync<Guid>("SELECT DISTINCT post_id FROM community_comments WHERE author_id = @UserId", new { UserId })];
            stories = [.. await connection.QueryAsync<Guid>("SELECT id FROM stories WHERE author_id = @UserId", new { UserId })];
            reportedContent = [.. await connection.QueryAsync<(string TargetType, Guid TargetId, Guid? PostId)>(
                "SELECT target_type, target_id, post_id FROM community_reports WHERE reporter_id = @UserId AND target_type <> 'user'", new { UserId })];
        }
        foreach (var postId in posts) await GrainFactory.GetGrain<IPostGrain>(postId).DetachAuthorAsync(UserId, deleteContent);
        foreach (var postId in threads) await GrainFactory.GetGrain<IThreadGrain>(postId).DetachAuthorAsync(UserId, deleteContent);
        foreach (var storyId in stories) await GrainFactory.GetGrain<IStoryGrain>(storyId).DetachAuthorAsync(UserId, deleteContent);
        foreach (var reported in reportedContent)
        {
            var forgetting = reported.TargetType switch
            {
                "post" => GrainFactory.GetGrain<IPostGrain>(reported.TargetId).ForgetReporterAsync(UserId),
                "story" => GrainFactory.GetGrain<IStoryGrain>(reported.TargetId).ForgetReporterAsync(UserId),
                _ => GrainFactory.GetGrain<IThreadGrain>(reported.PostId!.Value).ForgetReporterAsync(reported.TargetId, UserId),
            };
            await forgetting;
        }
        // The links other grains wrote (a report's target author, a moderator's name, others' follows of this
        // member) are cut by the foreign keys (SET NULL, CASCADE) when the account row goes, last of all. Rows about the member
        // as a target name them by id without a key: they get one stand-in id, which leads nowhere.
        var tombstone = Guid.NewGuid();
        await state.ClearStateAsync(new UnitOfWork()
            .Execute("UPDATE community_reports SET reporter_id = NULL WHERE reporter_id = @UserId", new { UserId })
            .Execute("UPDATE community_reports SET target_id = @tombstone WHERE target_type = 'user' AND target_id = @UserId", new { UserId, tombstone })
            .Execute("UPDATE moderation_actions SET affected_user_id = NULL WHERE affected_user_id = @UserId", new { UserId })
            .Execute("UPDATE moderation_actions SET target_id = @tombstone WHERE target_type = 'user' AND target_id = @UserId", new { UserId, tombstone })
            .Execute("DELETE FROM community_appeals WHERE user_id = @UserId", new { UserId })
            .Execute("DELETE FROM community_follows WHERE follower_id = @UserId", new { UserId })
            .Execute("DELETE FROM community_members WHERE user_id = @UserId", new { UserId }));
        DeactivateOnIdle();
    }

    /// <summary>
    /// The post or comment an Idempotency-Key created before (Id empty when the key came with another
    /// request), or null when the key is new. Retries on a flaky network never post twice.
    /// </summary>
    private async Task<(Guid Id, Guid PostId)?> EarlierCreateAsync(string table, IdempotencyKey? idempotency)
    {
        if (idempotency is null) return null;
        var (id, sameRequest) = await IdempotencyKeys.FindAsync(dataSource, table, UserId, idempotency, ownerColumn: "author_id");
        if (id == Guid.Empty) return null;
        if (!sameRequest) return (Guid.Empty, Guid.Empty);
        if (table == "community_posts") return (id, id);
        await using var connection = await dataSource.OpenConnectionAsync();
        return (id, await connection.ExecuteScalarAsync<Guid>("SELECT post_id FROM community_comments WHERE id = @id", new { id }));
    }

    private async Task<CommunityIdentity> IdentityAsync() =>
        await GrainFactory.GetGrain<IUserGrain>(UserId).GetCommunityIdentityAsync() ?? throw new AccountNotFoundException(UserId);

    // A sanction, or a new account's daily quota spent, stops a write before it happens.
    private CommunityResult<T>? Refusal<T>(CommunityIdentity identity, DateTimeOffset now, List<DateTimeOffset> spent, int newAccountLimit, string what) where T : class
    {
        if (state.State.ActiveSanction(now) is { } sanction) return Sanctioned<T>(sanction);
        if (!ReportPolicy.IsNewAccount(identity.CreatedAt, now, Policy) || WriteQuota.Allows(spent, now, newAccountLimit)) return null;
        var next = WriteQuota.NextAllowedAt(spent, now, newAccountLimit);
        return CommunityResult<T>.LimitReached($"New accounts may write {newAccountLimit} {what} a day during their first day; the next one is possible at {next:u}.", next);
    }

    // Only new accounts have a quota, so only their writes are remembered.
    private async Task SpendAsync(CommunityIdentity identity, DateTimeOffset now, List<DateTimeOffset> spent)
    {
        if (!ReportPolicy.IsNewAccount(identity.CreatedAt, now, Policy)) return;
        var recent = WriteQuota.Recent(spent, now);
        spent.Clear();
        spent.AddRange(recent);
        spent.Add(now);
        await state.WriteStateAsync();
    }

    private async Task<CommunityResult<T>> UnlessSanctionedAsync<T>(Func<Task<CommunityResult<T>>> write) where T : class =>
        state.State.ActiveSanction(DateTimeOffset.UtcNow) is { } sanction ? Sanctioned<T>(sanction) : await write();

    private static CommunityResult<T> Sanctioned<T>(Sanction sanction) where T : class => new(CommunityStatus.Sanctioned, null, "The member is sanctioned.", sanction);

    private async Task<bool> AlreadyReportedAsync(NewReport report)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM community_reports WHERE reporter_id = @UserId AND target_type = @TargetType AND target_id = @TargetId)",
            new { UserId, TargetType = EnumText<TargetType>.ToText(report.TargetType), report.TargetId });
    }

    // Has the target's grain count the report (it hides the target at the threshold, and refuses its
    // author's own report); members are reported here, as a member has nothing to hide.
    private async Task<CommunityResult<TallyResult>> CountAsync(NewReport report, ReportTally tally)
    {
        switch (report.TargetType)
        {
            case TargetType.Post:
                return await GrainFactory.GetGrain<IPostGrain>(report.TargetId).CountReportAsync(tally);
            case TargetType.Comment:
                return await CommunityLookups.CommentPostAsync(dataSource, report.TargetId) is { } postId
                    ? await GrainFactory.GetGrain<IThreadGrain>(postId).CountReportAsync(report.TargetId, tally)
                    : CommunityResult<TallyResult>.Fail(CommunityStatus.NotFound, "There is no such comment.");
            case TargetType.Story:
                return await GrainFactory.GetGrain<IStoryGrain>(report.TargetId).CountReportAsync(tally);
            default:
                if (report.TargetId == UserId) return CommunityResult<TallyResult>.Fail(CommunityStatus.Refused, "You cannot report yourself.");
                if (await GrainFactory.GetGrain<IUserGrain>(report.TargetId).GetCommunityIdentityAsync() is null)
                    return CommunityResult<TallyResult>.Fail(CommunityStatus.NotFound, "There is no such user.");
                return CommunityResult<TallyResult>.Done(new(report.TargetId, null, false));
        }
    }
}

/// <summary>
/// The member grain's stored state: their sanction, and the moments of their recent posts, comments
/// and reports (the daily quotas).
/// </summary>
public sealed class MemberState
{
    public bool Banned { get; set; }

    public DateTimeOffset? SuspendedUntil { get; set; }

    public string? SanctionReason { get; set; }

    public List<DateTimeOffset> Posts { get; set; } = [];

    public List<DateTimeOffset> Comments { get; set; } = [];

    public List<DateTimeOffset> Reports { get; set; } = [];

    public Sanction? ActiveSanction(DateTimeOffset now) =>
        Banned ? new Sanction(true, null, SanctionReason)
        : SuspendedUntil > now ? new Sanction(false, SuspendedUntil, SanctionReason)
        : null;
}
