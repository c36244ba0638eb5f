using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Npgsql;

namespace Journal.Grains.Community;

/// <summary>
/// A member's stories and follows: their writes go through the member's grain like posts, so a sanction is checked
/// in the same turn as the write. The member grain is the single writer of the follows it makes.
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<CommunityResult<Story>> CreateStoryAsync(NewStory story)
    {
        if (story.Idempotency is { } idempotency)
        {
            // A private or friends story's words are sealed under the author's key: its request hash is keyed with it too.
            idempotency = idempotency.KeyedWith(await keys.LoadAsync(UserId) ?? throw new AccountNotFoundException(UserId));
            story = story with { Idempotency = idempotency };
            var (id, sameRequest) = await IdempotencyKeys.FindAsync(dataSource, "stories", UserId, idempotency, ownerColumn: "author_id");
            if (id != Guid.Empty)
            {
                return sameRequest
                    ? new(CommunityStatus.Replayed, await GrainFactory.GetGrain<IStoryGrain>(id).GetAsync())
                    : CommunityResult<Story>.Fail(CommunityStatus.KeyReused, "This Idempotency-Key was already used for a different request.");
            }
        }
        var identity = await IdentityAsync();
        if (state.State.ActiveSanction(StoredTime.Now()) is { } sanction) return Sanctioned<Story>(sanction);
        return CommunityResult<Story>.Done(await GrainFactory.GetGrain<IStoryGrain>(Guid.NewGuid()).CreateAsync(UserId, identity.Pseudonym, story));
    }

    public Task<CommunityResult<Story>> EditStoryAsync(Guid storyId, StoryChange change, ImmutableList<int>? acceptedVersions) =>
        UnlessSanctionedAsync(() => GrainFactory.GetGrain<IStoryGrain>(storyId).EditAsync(UserId, change, acceptedVersions));

    public Task<CommunityResult<Story>> DeleteStoryAsync(Guid storyId, ImmutableList<int>? acceptedVersions) =>
        UnlessSanctionedAsync(() => GrainFactory.GetGrain<IStoryGrain>(storyId).DeleteAsync(UserId, acceptedVersions));

    public async Task<CommunityResult<Follow>> FollowAsync(Guid followeeId, string followeePseudonym)
    {
        if (followeeId == UserId) return CommunityResult<Follow>.Fail(CommunityStatus.Refused, "You cannot follow yourself.");
        var now = StoredTime.Now();
        if (state.State.ActiveSanction(now) is { } sanction) return Sanctioned<Follow>(sanction);
        // The first follow stands: following again keeps its date. A followee whose account went meanwhile fails the key (404).
        try
        {
            await state.WriteStateAsync(new UnitOfWork().Execute(
                """
                INSERT INTO community_follows (follower_id, followee_id, created_at) VALUES (@UserId, @followeeId, @now)
                ON CONFLICT (follower_id, followee_id) DO NOTHING
                """,
                new { UserId, followeeId, now }));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return CommunityResult<Follow>.Fail(CommunityStatus.NotFound, "There is no member with this pseudonym.");
        }
        await using var connection = await dataSource.OpenConnectionAsync();
        var since = await connection.QuerySingleAsync<DateTimeOffset>(
            "SELECT created_at FROM community_follows WHERE follower_id = @UserId AND followee_id = @followeeId", new { UserId, followeeId });
        return CommunityResult<Follow>.Done(new Follow(followeePseudonym, since));
    }

    public Task UnfollowAsync(Guid followeeId) => state.WriteStateAsync(new UnitOfWork().Execute(
        "DELETE FROM community_follows WHERE follower_id = @UserId AND followee_id = @followeeId", new { UserId, followeeId }));
}
