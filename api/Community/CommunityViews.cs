using System.Collections.Immutable;
using System.Security.Claims;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;

namespace Journal.Api.Community;

/// <summary>Who is looking: what they may see of hidden content, and which items are their own.</summary>
public sealed record Viewer(Guid UserId, bool IsModerator)
{
    public static Viewer Of(ClaimsPrincipal user) => new(Auth.JournalClaims.GetUserId(user), user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin));

    /// <summary>Everyone sees visible posts; their author also a hidden one; moderators everything.</summary>
    public bool CanSee(Post post) => post.Status == ContentStatus.Visible || IsModerator || (post.Status == ContentStatus.Hidden && post.AuthorId == UserId);
}

/// <summary>The author as readers see them: a pseudonym and nothing that leads to the account.</summary>
public sealed record Author(string Pseudonym);

public sealed record PostResponse(
    Guid Id, Guid CategoryId, string Title, string Content, ContentStatus Status, bool Locked, Author Author, bool IsOwn, int CommentCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EditedAt)
{
    public static PostResponse From(Post post, Viewer viewer, int commentCount) => new(post.Id, post.CategoryId, post.Title, post.Content, post.Status,
        post.Locked, new Author(post.AuthorPseudonym), post.AuthorId == viewer.UserId, commentCount, post.CreatedAt, post.UpdatedAt, post.EditedAt);
}

/// <summary>
/// One comment in the tree. A hidden or deleted comment stays as a placeholder (its replies keep their
/// place) without its text or author, except for moderators and, while hidden, for its author.
/// </summary>
public sealed record CommentNode(
    Guid Id, Guid? ParentId, ContentStatus Status, string? Content, Author? Author, bool IsOwn, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    IReadOnlyList<CommentNode> Replies);

public sealed record CommentResponse(Guid Id, Guid PostId, Guid? ParentId, ContentStatus Status, string Content, Author Author, bool IsOwn, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt)
{
    public static CommentResponse From(Comment comment, Viewer viewer) => new(comment.Id, comment.PostId, comment.ParentId, comment.Status, comment.Content,
        new Author(comment.AuthorPseudonym), comment.AuthorId == viewer.UserId, comment.CreatedAt, comment.EditedAt);
}

public sealed record CommentTreeResponse(Guid PostId, bool AcceptsComments, int Count, IReadOnlyList<CommentNode> Items);

/// <summary>Builds the reply tree from a thread's comments (in creation order).</summary>
public static class CommentTree
{
    public static IReadOnlyList<CommentNode> Build(ImmutableList<Comment> comments, Viewer viewer)
    {
        var children = comments.ToLookup(comment => comment.ParentId);
        IReadOnlyList<CommentNode> Level(Guid? parentId) => [.. children[parentId].Select(comment => Node(comment, viewer, Level(comment.Id)))];
        return Level(null);
    }

    private static CommentNode Node(Comment comment, Viewer viewer, IReadOnlyList<CommentNode> replies)
    {
        var isOwn = comment.AuthorId == viewer.UserId;
        var shown = comment.Status == ContentStatus.Visible || viewer.IsModerator || (comment.Status == ContentStatus.Hidden && isOwn);
        return new CommentNode(comment.Id, comment.ParentId, comment.Status, shown ? comment.Content : null, shown ? new Author(comment.AuthorPseudonym) : null,
            isOwn, comment.CreatedAt, comment.EditedAt, replies);
    }
}

/// <summary>A report as its reporter sees it: what they reported and what became of it, not who handled it.</summary>
public sealed record MemberReport(
    Guid Id, TargetType TargetType, Guid TargetId, ReportReason Reason, string? Details, ReportStatus Status, string? Resolution, DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt)
{
    public static MemberReport From(Report report) =>
        new(report.Id, report.TargetType, report.TargetId, report.Reason, report.Details, report.Status, report.Resolution, report.CreatedAt, report.ResolvedAt);
}

/// <summary>A moderation action as the affected member sees it: what and why, not which moderator.</summary>
public sealed record ModerationNotice(
    Guid Id, ModerationActionKind Action, TargetType TargetType, Guid TargetId, string? Reason, DateTimeOffset? SuspendedUntil, DateTimeOffset CreatedAt,
    DateTimeOffset? ReversedAt)
{
    public static ModerationNotice From(ModerationAction action) =>
        new(action.Id, action.Action, action.TargetType, action.TargetId, action.Reason, action.SuspendedUntil, action.CreatedAt, action.ReversedAt);
}

/// <summary>An appeal as its member sees it, without the deciding moderator.</summary>
public sealed record MemberAppeal(Guid Id, Guid ModerationActionId, string Message, AppealStatus Status, string? DecisionNotes, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt)
{
    public static MemberAppeal From(Appeal appeal) =>
        new(appeal.Id, appeal.ModerationActionId, appeal.Message, appeal.Status, appeal.DecisionNotes, appeal.CreatedAt, appeal.DecidedAt);
}

/// <summary>
/// The community part of the member's export: their own posts, comments and stories, the reports,
/// moderation history and appeals in the member's views, and whom they follow and who follows them
/// (by pseudonym), so the export names no other account.
/// </summary>
public sealed record CommunityExportView(
    string Pseudonym, Sanction? Sanction, IReadOnlyList<Post> Posts, IReadOnlyList<Comment> Comments, IReadOnlyList<MemberReport> ReportsFiled,
    IReadOnlyList<ModerationNotice> ModerationHistory, IReadOnlyList<MemberAppeal> Appeals, IReadOnlyList<Story> Stories, IReadOnlyList<Follow> Following,
    IReadOnlyList<Follow> Followers)
{
    public static CommunityExportView? From(CommunityExport? export) => export is null ? null : new(export.Pseudonym, export.Sanction, export.Posts, export.Comments,
        [.. export.ReportsFiled.Select(MemberReport.From)], [.. export.ModerationHistory.Select(ModerationNotice.From)], [.. export.Appeals.Select(MemberAppeal.From)],
        export.Stories, export.Following, export.Followers);
}
