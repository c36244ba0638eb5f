using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Stories;

namespace Journal.Tests.Stories;

/// <summary>Who may read a story and what may be done to it (<see cref="StoryAccess"/>), driven directly.</summary>
public sealed class StoryAccessTests
{
    private static readonly Guid Author = Guid.NewGuid();
    private static readonly Guid Reader = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static Story Story(StoryVisibility visibility, ContentStatus status = ContentStatus.Visible, Guid? author = null) =>
        new(Guid.NewGuid(), author ?? Author, "GentleHeron12345", "t", "c", visibility, ["hope"], status, 1, Now, Now, null);

    [Theory]
    [InlineData(StoryVisibility.Private, false, false)]
    [InlineData(StoryVisibility.Private, true, false)]
    [InlineData(StoryVisibility.Public, false, true)]
    [InlineData(StoryVisibility.Friends, false, false)]
    [InlineData(StoryVisibility.Friends, true, true)]
    public void Another_member_reads_public_stories_and_friends_stories_only_as_a_friend(StoryVisibility visibility, bool friends, bool readable) =>
        Assert.Equal(readable, StoryAccess.CanRead(Story(visibility), Reader, isModerator: false, friends));

    [Theory]
    [InlineData(StoryVisibility.Private)]
    [InlineData(StoryVisibility.Friends)]
    [InlineData(StoryVisibility.Public)]
    public void The_author_reads_their_story_also_while_hidden_but_not_once_deleted(StoryVisibility visibility)
    {
        Assert.True(StoryAccess.CanRead(Story(visibility), Author, false, false));
        Assert.True(StoryAccess.CanRead(Story(visibility, ContentStatus.Hidden), Author, false, false));
        Assert.False(StoryAccess.CanRead(Story(visibility, ContentStatus.Deleted), Author, false, false));
    }

    [Fact]
    public void Hidden_stories_are_gone_for_members_and_moderators_read_only_public_ones()
    {
        Assert.False(StoryAccess.CanRead(Story(StoryVisibility.Public, ContentStatus.Hidden), Reader, false, true));
        Assert.False(StoryAccess.CanRead(Story(StoryVisibility.Friends, ContentStatus.Hidden), Reader, false, true));
        Assert.True(StoryAccess.CanRead(Story(StoryVisibility.Public, ContentStatus.Hidden), Reader, true, false));
        Assert.False(StoryAccess.CanRead(Story(StoryVisibility.Private), Reader, true, false));
        Assert.False(StoryAccess.CanRead(Story(StoryVisibility.Friends), Reader, true, false));
    }

    [Fact]
    public void Friendship_is_mutual_and_is_looked_up_only_for_another_members_visible_friends_story()
    {
        Assert.True(StoryAccess.AreFriends(true, true));
        Assert.False(StoryAccess.AreFriends(true, false));
        Assert.False(StoryAccess.AreFriends(false, true));
        Assert.True(StoryAccess.DependsOnFriendship(Story(StoryVisibility.Friends), Reader));
        Assert.False(StoryAccess.DependsOnFriendship(Story(StoryVisibility.Friends), Author));
        Assert.False(StoryAccess.DependsOnFriendship(Story(StoryVisibility.Public), Reader));
        Assert.False(StoryAccess.DependsOnFriendship(Story(StoryVisibility.Friends, ContentStatus.Hidden), Reader));
    }

    [Fact]
    public void Only_a_visible_public_story_is_reportable_and_a_hidden_one_cannot_be_changed()
    {
        Assert.True(StoryAccess.IsReportable(Story(StoryVisibility.Public)));
        Assert.False(StoryAccess.IsReportable(Story(StoryVisibility.Friends)));
        Assert.False(StoryAccess.IsReportable(Story(StoryVisibility.Private)));
        Assert.False(StoryAccess.IsReportable(Story(StoryVisibility.Public, ContentStatus.Hidden)));
        Assert.NotNull(StoryAccess.EditRefusal(Story(StoryVisibility.Public, ContentStatus.Hidden)));
        Assert.Null(StoryAccess.EditRefusal(Story(StoryVisibility.Public)));
    }

    [Fact]
    public void On_account_deletion_only_public_stories_stay_unless_the_member_asks_to_delete_them()
    {
        Assert.False(StoryAccess.ScrubsOnErasure(Story(StoryVisibility.Public), deleteCommunityContent: false));
        Assert.True(StoryAccess.ScrubsOnErasure(Story(StoryVisibility.Public), deleteCommunityContent: true));
        Assert.True(StoryAccess.ScrubsOnErasure(Story(StoryVisibility.Friends), deleteCommunityContent: false));
        Assert.True(StoryAccess.ScrubsOnErasure(Story(StoryVisibility.Private), deleteCommunityContent: false));
    }
}
