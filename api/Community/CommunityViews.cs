using System.Collections.Immutable;
using System.Security.Claims;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;

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
