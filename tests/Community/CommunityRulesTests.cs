using System.Collections.Immutable;
using Journal.Api.Community;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Community;

namespace Journal.Tests.Community;

/// <summary>The community's pure rules: report weights and priority, daily quotas, moderation actions and the comment tree.</summary>
public sealed class CommunityRulesTests
{
    private static readonly CommunityOptions Options = new();
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_established_member_weighs_one_a_new_account_half_and_a_moderator_the_whole_threshold()
    {
        Assert.Equal(1.0, ReportPolicy.Weight(["user"], Now.AddDays(-2), Now, Options));
        Assert.Equal(0.5, ReportPolicy.Weight(["user"], Now.AddHours(-23), Now, Options));
        Assert.Equal(Options.AutoHideThreshold, ReportPolicy.Weight(["user", "moderator"], Now.AddHours(-1), Now, Options));
        Assert.Equal(Options.AutoHideThreshold, ReportPolicy.Weight(["user", "admin"], Now.AddDays(-9), Now, Options));
    }

    [Fact]
    public void Three_established_reporters_or_six_new_ones_reach_the_threshold()
    {
        Assert.False(ReportPolicy.ReachesThreshold(2, Options));
        Assert.True(ReportPolicy.ReachesThreshold(3, Options));
        Assert.False(ReportPolicy.ReachesThreshold(0.5 * 5, Options));
        Assert.True(ReportPolicy.ReachesThreshold(Enumerable.Repeat(0.5, 6).Sum(), Options));
        Assert.True(ReportPolicy.ReachesThreshold(1 + 1 + 0.5 + 0.5, Options));
    }

    [Fact]
    public void Self_harm_reports_jump_the_queue()
    {
        Assert.True(ReportPolicy.Priority(ReportReason.SelfHarm) > ReportPolicy.Priority(ReportReason.Harassment));
        Assert.All(Enum.GetValues<ReportReason>().Where(reason => reason != ReportReason.SelfHarm),
            reason => Assert.Equal(ReportPolicy.NormalPriority, ReportPolicy.Priority(reason)));
    }

    [Fact]
    public void An_account_is_new_for_exactly_its_first_24_hours()
    {
        Assert.True(ReportPolicy.IsNewAccount(Now.AddHours(-24).AddTicks(1), Now, Options));
        Assert.False(ReportPolicy.IsNewAccount(Now.AddHours(-24), Now, Options));
    }

    [Fact]
    public void The_quota_counts_the_last_24_hours_and_says_when_the_next_write_is_allowed()
    {
        DateTimeOffset[] writes = [Now.AddHours(-30), Now.AddHours(-20), Now.AddHours(-2), Now.AddMinutes(-1)];
        Assert.Equal(3, WriteQuota.Recent(writes, Now).Count);
        Assert.False(WriteQuota.Allows(writes, Now, 3));
        Assert.True(WriteQuota.Allows(writes, Now, 4));
        // The oldest counted write (20 h ago) leaves the window in 4 hours.
        Assert.Equal(Now.AddHours(4), WriteQuota.NextAllowedAt(writes, Now, 3));
        Assert.Equal(Now, WriteQuota.NextAllowedAt(writes, Now, 4));
        Assert.True(WriteQuota.Allows(writes, Now.AddHours(4).AddTicks(1), 3));
    }

    [Theory]
    [InlineData(ModerationActionKind.Hide, ModerationActionKind.Unhide)]
    [InlineData(ModerationActionKind.AutoHide, ModerationActionKind.Unhide)]
    [InlineData(ModerationActionKind.Delete, ModerationActionKind.Restore)]
    [InlineData(ModerationActionKind.Lock, ModerationActionKind.Unlock)]
    [InlineData(ModerationActionKind.Suspend, ModerationActionKind.Unban)]
    [InlineData(ModerationActionKind.Ban, ModerationActionKind.Unban)]
    public void A_reversal_undoes_the_action(ModerationActionKind action, ModerationActionKind undo)
    {
        Assert.Equal(undo, ModerationRules.Reversal(action));
        Assert.True(ModerationRules.IsAppealable(action));
    }

    [Fact]
    public void A_warning_is_appealable_with_nothing_to_undo_and_lifts_and_dismissals_are_not_appealable()
    {
        Assert.True(ModerationRules.IsAppealable(ModerationActionKind.Warn));
        Assert.Null(ModerationRules.Reversal(ModerationActionKind.Warn));
        foreach (var action in new[] { ModerationActionKind.Unhide, ModerationActionKind.Unlock, ModerationActionKind.Unban, ModerationActionKind.Restore, ModerationActionKind.Dismiss })
            Assert.False(ModerationRules.IsAppealable(action));
    }

    [Fact]
    public void Statuses_follow_the_actions_and_only_a_visible_unlocked_post_takes_comments()
    {
        Assert.Equal(ContentStatus.Hidden, ModerationRules.StatusAfter(ModerationActionKind.AutoHide, ContentStatus.Visible));
        Assert.Equal(ContentStatus.Visible, ModerationRules.StatusAfter(ModerationActionKind.Restore, ContentStatus.Deleted));
        Assert.Equal(ContentStatus.Hidden, ModerationRules.StatusAfter(ModerationActionKind.Lock, ContentStatus.Hidden));
        Assert.True(ModerationRules.AcceptsComments(ContentStatus.Visible, locked: false));
        Assert.False(ModerationRules.AcceptsComments(ContentStatus.Visible, locked: true));
        Assert.False(ModerationRules.AcceptsComments(ContentStatus.Hidden, locked: false));
        Assert.True(ModerationRules.AppliesToPost(ModerationActionKind.Lock));
        Assert.False(ModerationRules.AppliesToContent(ModerationActionKind.Lock));
        Assert.False(ModerationRules.AppliesToPost(ModerationActionKind.Ban));
    }

    [Fact]
    public void The_tree_nests_replies_and_keeps_hidden_and_deleted_comments_as_placeholders()
    {
        var author = Guid.NewGuid();
        var reader = new Viewer(Guid.NewGuid(), IsModerator: false);
        var post = Guid.NewGuid();
        Comment Make(Guid? parent, ContentStatus status, string text, Guid? by = null) =>
            new(Guid.NewGuid(), post, parent, by ?? author, "calm-otter-12", text, status, Now, Now, null);
        var root = Make(null, ContentStatus.Hidden, "hidden words");
        var reply = Make(root.Id, ContentStatus.Visible, "a reply");
        var deleted = Make(reply.Id, ContentStatus.Deleted, "");
        var second = Make(null, ContentStatus.Visible, "second root");

        var tree = CommentTree.Build([root, reply, deleted, second], reader);

        Assert.Equal([root.Id, second.Id], tree.Select(node => node.Id));
        Assert.Null(tree[0].Content);
        Assert.Null(tree[0].Author);
        Assert.Equal("a reply", tree[0].Replies.Single().Content);
        Assert.Equal(ContentStatus.Deleted, tree[0].Replies.Single().Replies.Single().Status);
        // The hidden comment's author and moderators still read it.
        Assert.Equal("hidden words", CommentTree.Build([root], new Viewer(author, false))[0].Content);
        Assert.Equal("hidden words", CommentTree.Build([root], new Viewer(Guid.NewGuid(), true))[0].Content);
    }
}
