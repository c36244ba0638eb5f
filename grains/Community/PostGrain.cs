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
/// One post in memory, the single writer of its row. Edits, reports and moderators' actions are its
/// turns, one at a time: whatever arrives last sees what the previous one did (a hide is never undone
/// by a concurrent edit, and a hundred parallel reports hide the post exactly once).
/// </summary>
[GrainType(GrainTypes.Post)]
public sealed class PostGrain(
    [UnitOfWorkState("post")] IUnitOfWorkState<ContentTally> tally,
    NpgsqlDataSource dataSource,
    IOptions<CommunityOptions> options,
    ILogger<PostGrain> logger) : Grain, IPostGrain
{
    private Post? _post;

    private Guid PostId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PostRow>(new CommandDefinition(
            $"SELECT {PostRow.Columns} FROM community_posts WHERE id = @PostId", new { PostId }, cancellationToken: cancellationToken));
        _post = row?.ToPost();
    }

    public async Task<Post> CreateAsync(NewPost post)
    {
        if (_post is not null) return _post;
        var now = StoredTime.Now();
        var created = new Post(PostId, post.CategoryId, post.AuthorId, post.AuthorPseudonym, post.Title, post.Content, ContentStatus.Visible, false, now, now, null);
        await tally.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO community_posts ({PostRow.Columns}, idempotency_key, request_hash)
            VALUES (@Id, @CategoryId, @AuthorId, @AuthorPseudonym, @Title, @Content, 'visible', false, @CreatedAt, @UpdatedAt, NULL, @Key, @RequestHash)
            """,
            new
            {
                created.Id, created.CategoryId, created.AuthorId, created.AuthorPseudonym, created.Title, created.Content, created.CreatedAt, created.UpdatedAt,
                post.Idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(post.Idempotency),
            })
            .PublishStats(this.GetStreamProvider(OutboxStreams.Default), CommunityActivity.Of(CommunityActivityKind.PostCreated, now)));
        _post = created;
        return created;
    }

    public Task<Post?> GetAsync() => Task.FromResult(_post);

    public async Task<CommunityResult<Post>> EditAsync(Guid authorId, string? title, string? content)
    {
        if (AuthorsPost(authorId, "edit") is { } refusal) return refusal;
        var post = _post!;
        if (post.Status != ContentStatus.Visible || post.Locked)
            return CommunityResult<Post>.Fail(CommunityStatus.Refused, $"The post is {(post.Locked ? "locked" : "hidden")} by a moderator and cannot be edited.");
        var edited = await ChangeAsync(post.Status, post.Locked, now =>
            (post with { Title = title ?? post.Title, Content = content ?? post.Content, UpdatedAt = now, EditedAt = now }, new UnitOfWork()));
        return CommunityResult<Post>.Done(edited);
    }

    public async Task<CommunityResult<Post>> DeleteAsync(Guid authorId)
    {
        if (AuthorsPost(authorId, "delete") is { } refusal) return refusal;
        var post = _post!;
        // Reports and appeals about a hidden post need its words until moderators have settled them.
        if (post.Status == ContentStatus.Hidden)
            return CommunityResult<Post>.Fail(CommunityStatus.Refused, "The post is hidden while moderators review it; it can be deleted once that is settled.");
        // The author's own deletion removes the words; a moderator's keeps them so an appeal can restore them.
        var deleted = await ChangeAsync(ContentStatus.Deleted, post.Locked, now =>
            (post with { Title = "", Content = "", Status = ContentStatus.Deleted, UpdatedAt = now }, new UnitOfWork()));
        return CommunityResult<Post>.Done(deleted);
    }

    public async Task<CommunityResult<ModerationAction>> ModerateAsync(ModerationCommand command)
    {
        if (_post is not { } post) return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such post.");
        if (ModerationRules.RefusalOnContent(command, "post", ModerationRules.AppliesToPost(command.Action), post.Status, post.Content, post.AuthorId) is { } refused)
            return refused;
        var status = ModerationRules.StatusAfter(command.Action, post.Status);
        var locked = command.Action switch { ModerationActionKind.Lock => true, ModerationActionKind.Unlock => false, _ => post.Locked };
        tally.State.JudgedBy(command.Action);
        ModerationAction action = null!;
        await ChangeAsync(status, locked, now =>
        {
            action = ModerationLog.NewAction(command, TargetType.Post, PostId, post.AuthorId, now);
            return (post with { Status = status, Locked = locked, UpdatedAt = now }, new UnitOfWork().Record(action, this.GetStreamProvider(OutboxStreams.Default)));
        });
        await CommunityNotices.TellAboutAsync(GrainFactory, action, logger);
        return CommunityResult<ModerationAction>.Done(action);
    }

    public async Task<CommunityResult<TallyResult>> CountReportAsync(ReportTally report)
    {
        // A hidden post is not there for members (it is already in front of moderators).
        if (_post is not { Status: ContentStatus.Visible } post) return CommunityResult<TallyResult>.Fail(CommunityStatus.NotFound, "There is no such post.");
        if (post.AuthorId == report.ReporterId) return CommunityResult<TallyResult>.Fail(CommunityStatus.Refused, "You cannot report your own post.");
        if (!tally.State.Count(report.ReporterId, report.Weight)) return CommunityResult<TallyResult>.Done(new(post.AuthorId, PostId, false));
        var hides = ReportPolicy.ReachesThreshold(tally.State.Weight, options.Value);
        ModerationAction? hidden = null;
        await ChangeAsync(hides ? ContentStatus.Hidden : post.Status, post.Locked, now =>
        {
            if (!hides) return (post, new UnitOfWork());
            hidden = ModerationLog.AutoHide(TargetType.Post, PostId, post.AuthorId, now);
            return (post with { Status = ContentStatus.Hidden, UpdatedAt = now }, new UnitOfWork().Record(hidden, this.GetStreamProvider(OutboxStreams.Default)));
        });
        if (hidden is not null) await CommunityNotices.TellAboutAsync(GrainFactory, hidden, logger);
        return CommunityResult<TallyResult>.Done(new(post.AuthorId, PostId, hidden is not null));
    }

    public async Task ForgetReporterAsync(Guid reporterId)
    {
        if (!tally.State.ForgetReporter(reporterId)) return;
        await tally.WriteStateAsync();
    }

    public async Task DetachAuthorAsync(Guid authorId, bool deleteContent)
    {
        if (_post is not { } post || post.AuthorId != authorId) return;
        await ChangeAsync(deleteContent ? ContentStatus.Deleted : post.Status, post.Locked, now => (deleteContent
            ? post with { AuthorId = null, Title = "", Content = "", Status = ContentStatus.Deleted, UpdatedAt = now }
            : post with { AuthorId = null }, new UnitOfWork()));
    }

    // Deleted posts exist for moderators and appeals only, and a hidden one only for its author.
    private CommunityResult<Post>? AuthorsPost(Guid authorId, string verb) => _post switch
    {
        null or { Status: ContentStatus.Deleted } => CommunityResult<Post>.Fail(CommunityStatus.NotFound, "There is no such post."),
        { } post when post.AuthorId == authorId => null,
        { Status: ContentStatus.Hidden } => CommunityResult<Post>.Fail(CommunityStatus.NotFound, "There is no such post."),
        _ => CommunityResult<Post>.Fail(CommunityStatus.NotYours, $"Only the author can {verb} a post."),
    };

    /// <summary>
    /// Commits the post's row (and the tally) with the other changes in one transaction. When the change
    /// closes the thread (hide, lock, delete), the thread stops taking comments first and the change is
    /// stamped after that, so every comment it accepted is older than the change; when it opens the
    /// thread, the thread hears it only once the change is committed.
    /// </summary>
    private async Task<Post> ChangeAsync(ContentStatus status, bool locked, Func<DateTimeOffset, (Post Post, UnitOfWork Changes)> change)
    {
        var wasOpen = ModerationRules.AcceptsComments(_post!.Status, _post.Locked);
        var open = ModerationRules.AcceptsComments(status, locked);
        var thread = GrainFactory.GetGrain<IThreadGrain>(PostId);
        if (wasOpen && !open) await thread.SetAcceptsCommentsAsync(false);
        var (post, changes) = change(StoredTime.Now());
        try
        {
            await tally.WriteStateAsync(changes.Execute(
                """
                UPDATE community_posts SET author_id = @AuthorId, title = @Title, content = @Content, status = @Status, locked = @Locked,
                    updated_at = @UpdatedAt, edited_at = @EditedAt
                WHERE id = @Id
                """,
                new { post.AuthorId, post.Title, post.Content, Status = EnumText<ContentStatus>.ToText(post.Status), post.Locked, post.UpdatedAt, post.EditedAt, post.Id }));
        }
        catch
        {
            if (wasOpen && !open) await thread.SetAcceptsCommentsAsync(true);
            throw;
        }
        _post = post;
        if (!wasOpen && open) await thread.SetAcceptsCommentsAsync(true);
        return post;
    }
}
