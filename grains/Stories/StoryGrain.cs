using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Community;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Journal.Grains.Stories;

/// <summary>
/// One story in memory, the single writer of its row. Edits, reports and moderators' actions are its turns, one
/// at a time, with the post's rules (<see cref="ReportPolicy"/>, <see cref="ModerationRules"/>): a hide is never
/// undone by a concurrent edit, and parallel reports hide the story exactly once.
/// </summary>
[GrainType(GrainTypes.Story)]
public sealed class StoryGrain(
    [UnitOfWorkState("story")] IUnitOfWorkState<ContentTally> tally,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    IOptions<CommunityOptions> options,
    ILogger<StoryGrain> logger) : Grain, IStoryGrain
{
    private Story? _story;

    // The author's data key, while there is an author: it seals the words of a story that is not public (StoryText).
    private UserDataKey? _authorKey;

    private Guid StoryId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoryRow>(new CommandDefinition(
            $"SELECT {StoryRow.Columns} FROM stories WHERE id = @StoryId", new { StoryId }, cancellationToken: cancellationToken));
        if (row?.AuthorId is { } authorId) _authorKey = await keys.LoadAsync(authorId, cancellationToken);
        _story = row?.ToStory(_authorKey);
    }

    public async Task<Story> CreateAsync(Guid authorId, string authorPseudonym, NewStory story)
    {
        if (_story is not null) return _story;
        _authorKey = await keys.LoadAsync(authorId) ?? throw new AccountNotFoundException(authorId);
        var now = StoredTime.Now();
        var created = new Story(StoryId, authorId, authorPseudonym, story.Title, story.Content, story.Visibility, story.Tags, ContentStatus.Visible, 1, now, now, null);
        var (title, content, sealedText) = StoryText.Columns(created, _authorKey);
        await tally.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO stories ({StoryRow.Columns}, idempotency_key, request_hash)
            VALUES (@Id, @AuthorId, @AuthorPseudonym, @title, @content, @sealedText, @Visibility, @Tags, 'visible', 1, @CreatedAt, @UpdatedAt, NULL, @Key, @RequestHash)
            """,
            new
            {
                created.Id, created.AuthorId, created.AuthorPseudonym, title, content, sealedText, Visibility = EnumText<StoryVisibility>.ToText(created.Visibility),
                Tags = created.Tags.ToArray(), created.CreatedAt, created.UpdatedAt, story.Idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(story.Idempotency),
            }));
        _story = created;
        return created;
    }

    public Task<Story?> GetAsync() => Task.FromResult(_story);

    public async Task<CommunityResult<Story>> EditAsync(Guid authorId, StoryChange change, ImmutableList<int>? acceptedVersions)
    {
        if (AuthorsStory(authorId, acceptedVersions) is { } refusal) return refusal;
        var story = _story!;
        if (StoryAccess.EditRefusal(story) is { } refused) return CommunityResult<Story>.Fail(CommunityStatus.Refused, refused);
        var edited = await ChangeAsync(now => (story with
        {
            Title = change.Title ?? story.Title, Content = change.Content ?? story.Content, Visibility = change.Visibility ?? story.Visibility,
            Tags = change.Tags ?? story.Tags, EditedAt = now,
        }, new UnitOfWork()));
        return CommunityResult<Story>.Done(edited);
    }

    public async Task<CommunityResult<Story>> DeleteAsync(Guid authorId, ImmutableList<int>? acceptedVersions)
    {
        if (AuthorsStory(authorId, acceptedVersions) is { } refusal) return refusal;
        var story = _story!;
        // Reports and appeals about a hidden story need its words until moderators have settled them.
        if (StoryAccess.EditRefusal(story) is { } refused) return CommunityResult<Story>.Fail(CommunityStatus.Refused, refused);
        return CommunityResult<Story>.Done(await ChangeAsync(_ => (Scrubbed(story), new UnitOfWork())));
    }

    public async Task<CommunityResult<ModerationAction>> ModerateAsync(ModerationCommand command)
    {
        if (_story is not { } story) return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such story.");
        if (ModerationRules.RefusalOnContent(command, "story", ModerationRules.AppliesToContent(command.Action), story.Status, story.Content, story.AuthorId) is { } refused)
            return refused;
        var status = ModerationRules.StatusAfter(command.Action, story.Status);
        tally.State.JudgedBy(command.Action);
        ModerationAction action = null!;
        await ChangeAsync(now =>
        {
            action = ModerationLog.NewAction(command, TargetType.Story, StoryId, story.AuthorId, now);
            return (story with { Status = status }, new UnitOfWork().Record(action, this.GetStreamProvider(OutboxStreams.Default)));
        });
        await CommunityNotices.TellAboutAsync(GrainFactory, action, logger);
        return CommunityResult<ModerationAction>.Done(action);
    }

    public async Task<CommunityResult<TallyResult>> CountReportAsync(ReportTally report)
    {
        if (_story is not { } story || (!StoryAccess.IsReportable(story) && story.AuthorId != report.ReporterId))
            return CommunityResult<TallyResult>.Fail(CommunityStatus.NotFound, "There is no such story.");
        if (story.AuthorId == report.ReporterId) return CommunityResult<TallyResult>.Fail(CommunityStatus.Refused, "You cannot report your own story.");
        if (!tally.State.Count(report.ReporterId, report.Weight)) return CommunityResult<TallyResult>.Done(new(story.AuthorId, null, false));
        if (!ReportPolicy.ReachesThreshold(tally.State.Weight, options.Value))
        {
            await tally.WriteStateAsync();
            return CommunityResult<TallyResult>.Done(new(story.AuthorId, null, false));
        }
        ModerationAction hidden = null!;
        await ChangeAsync(now =>
        {
            hidden = ModerationLog.AutoHide(TargetType.Story, StoryId, story.AuthorId, now);
            return (story with { Status = ContentStatus.Hidden }, new UnitOfWork().Record(hidden, this.GetStreamProvider(OutboxStreams.Default)));
        });
        await CommunityNotices.TellAboutAsync(GrainFactory, hidden, logger);
        return CommunityResult<TallyResult>.Done(new(story.AuthorId, null, true));
    }

    public async Task ForgetReporterAsync(Guid reporterId)
    {
        if (!tally.State.ForgetReporter(reporterId)) return;
        await tally.WriteStateAsync();
    }

    public async Task DetachAuthorAsync(Guid authorId, bool deleteContent)
    {
        if (_story is not { } story || story.AuthorId != authorId) return;
        var kept = StoryAccess.ScrubsOnErasure(story, deleteContent) ? Scrubbed(story) : story;
        await ChangeAsync(_ => (kept with { AuthorId = null }, new UnitOfWork()));
        _authorKey = null;
    }

    // The author's own deletion removes the words; a moderator's keeps them so that an appeal can restore them.
    private static Story Scrubbed(Story story) => story with { Title = "", Content = "", Tags = [], Status = ContentStatus.Deleted };

    // A deleted story exists for moderators and appeals only, and another member's is not there to change (404, never 403).
    private CommunityResult<Story>? AuthorsStory(Guid authorId, ImmutableList<int>? acceptedVersions)
    {
        if (_story is not { } story || story.Status == ContentStatus.Deleted || story.AuthorId != authorId)
            return CommunityResult<Story>.Fail(CommunityStatus.NotFound, "There is no such story.");
        if (acceptedVersions?.Contains(story.Version) == false)
            return new(CommunityStatus.Stale, story, $"The story changed since (its version is now {story.Version}); read it again and retry.");
        return null;
    }

    /// <summary>Commits the story's row, with its next version, and the other changes in one transaction.</summary>
    private async Task<Story> ChangeAsync(Func<DateTimeOffset, (Story Story, UnitOfWork Changes)> change)
    {
        var now = StoredTime.Now();
        var (changed, changes) = change(now);
        var story = changed with { Version = _story!.Version + 1, UpdatedAt = now };
        var (title, content, sealedText) = StoryText.Columns(story, _authorKey);
        await tally.WriteStateAsync(changes.Execute(
            """
            UPDATE stories SET author_id = @AuthorId, title = @title, content = @content, sealed_text = @sealedText, visibility = @Visibility, tags = @Tags,
                status = @Status, version = @Version, updated_at = @UpdatedAt, edited_at = @EditedAt
            WHERE id = @Id
            """,
            new
            {
                story.AuthorId, title, content, sealedText, Visibility = EnumText<StoryVisibility>.ToText(story.Visibility), Tags = story.Tags.ToArray(),
                Status = EnumText<ContentStatus>.ToText(story.Status), story.Version, story.UpdatedAt, story.EditedAt, story.Id,
            }));
        _story = story;
        return story;
    }
}
