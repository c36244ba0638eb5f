using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Journal.Grains.Community;

/// <summary>
/// The comments of one post in memory, the single writer of their rows and of the thread's summary
/// (comment count and last activity, the "active" feed's order). Whether the post takes comments is
/// read from the post's row on activation and then told by the post grain in a turn of this grain, so
/// no comment slips in after a lock has returned.
/// </summary>
[GrainType(GrainTypes.Thread)]
public sealed class ThreadGrain(
    [UnitOfWorkState("thread")] IUnitOfWorkState<ThreadTallies> tallies,
    NpgsqlDataSource dataSource,
    IOptions<CommunityOptions> options,
    ILogger<ThreadGrain> logger) : Grain, IThreadGrain
{
    private readonly Dictionary<Guid, Comment> _comments = [];
    private bool _postExists;
    private bool _acceptsComments;
    private Guid? _postAuthorId;

    private Guid PostId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadPostAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CommentRow>(new CommandDefinition(
            $"SELECT {CommentRow.Columns} FROM community_comments WHERE post_id = @PostId", new { PostId }, cancellationToken: cancellationToken));
        foreach (var row in rows) _comments[row.Id] = row.ToComment();
    }

    public Task<CommentThread?> GetAsync() => Task.FromResult(_postExists
        ? new CommentThread(PostId, [.. _comments.Values.OrderBy(comment => comment.CreatedAt).ThenBy(comment => comment.Id)], _acceptsComments)
        : null);

    public async Task<CommunityResult<Comment>> AddCommentAsync(NewComment comment)
    {
        // A thread activated before its post committed (a guessed id) looks again rather than refusing forever.
        if (!_postExists) await LoadPostAsync(CancellationToken.None);
        if (!_postExists) return CommunityResult<Comment>.Fail(CommunityStatus.NotFound, "There is no such post.");
        if (!_acceptsComments) return CommunityResult<Comment>.Fail(CommunityStatus.Refused, "This thread is closed to new comments (locked or hidden by a moderator).");
        if (comment.ParentId is { } parentId && (!_comments.TryGetValue(parentId, out var parent) || parent.Status != ContentStatus.Visible))
            return CommunityResult<Comment>.Fail(CommunityStatus.NotFound, "There is no such comment to reply to in this thread.");
        if (comment.ParentId is { } replyTo && Depth(replyTo) >= ModerationRules.MaxReplyDepth)
            return CommunityResult<Comment>.Fail(CommunityStatus.Refused, $"Replies nest at most {ModerationRules.MaxReplyDepth} levels deep; reply to an earlier comment.");
        var now = StoredTime.Now();
        var added = new Comment(Guid.NewGuid(), PostId, comment.ParentId, comment.AuthorId, comment.AuthorPseudonym, comment.Content, ContentStatus.Visible, now, now, null);
        await WriteAsync(added, new UnitOfWork().Execute(
            $"""
            INSERT INTO community_comments ({CommentRow.Columns}, idempotency_key, request_hash)
            VALUES (@Id, @PostId, @ParentId, @AuthorId, @AuthorPseudonym, @Content, 'visible', @CreatedAt, @UpdatedAt, NULL, @Key, @RequestHash)
            """,
            new
            {
                added.Id, added.PostId, added.ParentId, added.AuthorId, added.AuthorPseudonym, added.Content, added.CreatedAt, added.UpdatedAt,
                comment.Idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(comment.Idempotency),
            })
            .PublishStats(this.GetStreamProvider(OutboxStreams.Default), CommunityActivity.Of(CommunityActivityKind.CommentCreated, now)), activityAt: now);
        // The person answered: the parent comment's author, or the post's for a comment on the post.
        var answered = comment.ParentId is { } parentOf ? _comments[parentOf].AuthorId : _postAuthorId;
        if (answered is { } recipient && recipient != comment.AuthorId)
            await CommunityNotices.TellAboutReplyAsync(GrainFactory, recipient, added, toComment: comment.ParentId is not null, logger);
        return CommunityResult<Comment>.Done(added);
    }

    public async Task<CommunityResult<Comment>> EditCommentAsync(Guid commentId, Guid authorId, string content)
    {
        if (AuthorsComment(commentId, authorId, "edit") is { } refusal) return refusal;
        if (!_acceptsComments || _comments[commentId].Status != ContentStatus.Visible)
            return CommunityResult<Comment>.Fail(CommunityStatus.Refused, "The comment or its thread is hidden or locked by a moderator and cannot be edited.");
        var now = StoredTime.Now();
        var edited = _comments[commentId] with { Content = content, UpdatedAt = now, EditedAt = now };
        await WriteAsync(edited, Update(edited));
        return CommunityResult<Comment>.Done(edited);
    }

    public async Task<CommunityResult<Comment>> DeleteCommentAsync(Guid commentId, Guid authorId)
    {
        if (AuthorsComment(commentId, authorId, "delete") is { } refusal) return refusal;
        if (_comments[commentId].Status == ContentStatus.Hidden)
            return CommunityResult<Comment>.Fail(CommunityStatus.Refused, "The comment is hidden while moderators review it; it can be deleted once that is settled.");
        // The words go; the placeholder stays so the replies keep their place in the tree.
        var deleted = _comments[commentId] with { Content = "", Status = ContentStatus.Deleted, UpdatedAt = StoredTime.Now() };
        await WriteAsync(deleted, Update(deleted));
        return CommunityResult<Comment>.Done(deleted);
    }

    public async Task<CommunityResult<ModerationAction>> ModerateCommentAsync(Guid commentId, ModerationCommand command)
    {
        if (!_comments.TryGetValue(commentId, out var comment)) return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such comment.");
        if (ModerationRules.RefusalOnContent(command, "comment", ModerationRules.AppliesToContent(command.Action), comment.Status, comment.Content, comment.AuthorId) is { } refused)
            return refused;
        var now = StoredTime.Now();
        var changed = comment with { Status = ModerationRules.StatusAfter(command.Action, comment.Status), UpdatedAt = now };
        Tally(commentId).JudgedBy(command.Action);
        var action = ModerationLog.NewAction(command, TargetType.Comment, commentId, comment.AuthorId, now);
        await WriteAsync(changed, Update(changed).Record(action, this.GetStreamProvider(OutboxStreams.Default)));
        await CommunityNotices.TellAboutAsync(GrainFactory, action, logger);
        return CommunityResult<ModerationAction>.Done(action);
    }

    public async Task<CommunityResult<TallyResult>> CountReportAsync(Guid commentId, ReportTally report)
    {
        // A hidden comment is not there for members (it is already in front of moderators).
        if (!_comments.TryGetValue(commentId, out var comment) || comment.Status != ContentStatus.Visible)
            return CommunityResult<TallyResult>.Fail(CommunityStatus.NotFound, "There is no such comment.");
        if (comment.AuthorId == report.ReporterId) return CommunityResult<TallyResult>.Fail(CommunityStatus.Refused, "You cannot report your own comment.");
        var tally = Tally(commentId);
        if (!tally.Count(report.ReporterId, report.Weight)) return CommunityResult<TallyResult>.Done(new(comment.AuthorId, PostId, false));
        ModerationAction? hidden = null;
        var changes = new UnitOfWork();
        if (ReportPolicy.ReachesThreshold(tally.Weight, options.Value))
        {
            hidden = ModerationLog.AutoHide(TargetType.Comment, commentId, comment.AuthorId, StoredTime.Now());
            comment = comment with { Status = ContentStatus.Hidden, UpdatedAt = hidden.CreatedAt };
            changes = Update(comment).Record(hidden, this.GetStreamProvider(OutboxStreams.Default));
        }
        await WriteAsync(comment, changes);
        if (hidden is not null) await CommunityNotices.TellAboutAsync(GrainFactory, hidden, logger);
        return CommunityResult<TallyResult>.Done(new(comment.AuthorId, PostId, hidden is not null));
    }

    public Task SetAcceptsCommentsAsync(bool accepts)
    {
        _acceptsComments = accepts;
        return Task.CompletedTask;
    }

    public async Task ForgetReporterAsync(Guid commentId, Guid reporterId)
    {
        if (!tallies.State.Comments.TryGetValue(commentId, out var tally) || !tally.ForgetReporter(reporterId)) return;
        await tallies.WriteStateAsync();
    }

    public async Task DetachAuthorAsync(Guid authorId, bool deleteContent)
    {
        foreach (var comment in _comments.Values.Where(comment => comment.AuthorId == authorId).ToList())
        {
            var detached = deleteContent
                ? comment with { AuthorId = null, Content = "", Status = ContentStatus.Deleted, UpdatedAt = StoredTime.Now() }
                : comment with { AuthorId = null };
            await WriteAsync(detached, Update(detached));
        }
    }

    // Deleted comments are placeholders, and a hidden one is there only for its author.
    private CommunityResult<Comment>? AuthorsComment(Guid commentId, Guid authorId, string verb)
    {
        if (!_comments.TryGetValue(commentId, out var comment) || comment.Status == ContentStatus.Deleted)
            return CommunityResult<Comment>.Fail(CommunityStatus.NotFound, "There is no such comment.");
        if (comment.AuthorId == authorId) return null;
        return comment.Status == ContentStatus.Hidden
            ? CommunityResult<Comment>.Fail(CommunityStatus.NotFound, "There is no such comment.")
            : CommunityResult<Comment>.Fail(CommunityStatus.NotYours, $"Only the author can {verb} a comment.");
    }

    // How deep a comment sits: 0 for a reply to the post.
    private int Depth(Guid commentId)
    {
        var depth = 0;
        for (var parent = _comments[commentId].ParentId; parent is { } id; parent = _comments[id].ParentId) depth++;
        return depth;
    }

    private ContentTally Tally(Guid commentId) =>
        tallies.State.Comments.TryGetValue(commentId, out var tally) ? tally : tallies.State.Comments[commentId] = new ContentTally();

    private static UnitOfWork Update(Comment comment) => new UnitOfWork().Execute(
        """
        UPDATE community_comments SET author_id = @AuthorId, content = @Content, status = @Status, updated_at = @UpdatedAt, edited_at = @EditedAt
        WHERE id = @Id
        """,
        new { comment.AuthorId, comment.Content, Status = EnumText<ContentStatus>.ToText(comment.Status), comment.UpdatedAt, comment.EditedAt, comment.Id });

    // Commits the comment's change with the thread's summary (visible comments, last activity) and the tallies.
    private async Task WriteAsync(Comment comment, UnitOfWork changes, DateTimeOffset? activityAt = null)
    {
        var visible = _comments.Values.Count(c => c.Id != comment.Id && c.Status == ContentStatus.Visible) + (comment.Status == ContentStatus.Visible ? 1 : 0);
        await tallies.WriteStateAsync(changes.Execute(
            """
            INSERT INTO community_threads (post_id, comment_count, last_activity_at) VALUES (@PostId, @visible, COALESCE(@activityAt, now()))
            ON CONFLICT (post_id) DO UPDATE SET comment_count = EXCLUDED.comment_count,
                last_activity_at = COALESCE(@activityAt, community_threads.last_activity_at)
            """,
            new { PostId, visible, activityAt }));
        _comments[comment.Id] = comment;
    }

    private async Task LoadPostAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var post = await connection.QuerySingleOrDefaultAsync<PostRow>(new CommandDefinition(
            $"SELECT {PostRow.Columns} FROM community_posts WHERE id = @PostId", new { PostId }, cancellationToken: cancellationToken));
        _postExists = post is not null;
        _postAuthorId = post?.AuthorId;
        _acceptsComments = post?.ToPost() is { } found && ModerationRules.AcceptsComments(found.Status, found.Locked);
    }
}

/// <summary>The thread grain's stored state: each comment's reporters and report weight since a moderator last cleared it.</summary>
public sealed class ThreadTallies
{
    public Dictionary<Guid, ContentTally> Comments { get; set; } = [];
}
