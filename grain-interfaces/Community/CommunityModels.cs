using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Journal.GrainInterfaces.Stories;

namespace Journal.GrainInterfaces.Community;

[GenerateSerializer, Alias("journal.Community.ContentStatus")]
public enum ContentStatus { Visible, Hidden, Deleted }

// New kinds go at the end: calls in flight name them by number.
[GenerateSerializer, Alias("journal.TargetType")]
public enum TargetType { Post, Comment, User, Story }

// Values with two words are spelled as PRODUCT.md does (self_harm), on the wire and in the tables.
[GenerateSerializer, Alias("journal.ReportReason")]
public enum ReportReason { Spam, Harassment, Hate, [JsonStringEnumMemberName("self_harm")] SelfHarm, Misinformation, Other }

[GenerateSerializer, Alias("journal.ReportStatus")]
public enum ReportStatus { Pending, [JsonStringEnumMemberName("under_review")] UnderReview, Resolved }

/// <summary>What a moderator (or the report policy) did; each is one row of the mod log.</summary>
[GenerateSerializer, Alias("journal.ModerationActionKind")]
public enum ModerationActionKind { Hide, Unhide, Lock, Unlock, Delete, Restore, [JsonStringEnumMemberName("auto_hide")] AutoHide, Warn, Suspend, Ban, Unban, Dismiss }

[GenerateSerializer, Alias("journal.AppealStatus")]
public enum AppealStatus { Pending, Upheld, Reversed }

[GenerateSerializer, Alias("journal.AppealDecision")]
public enum AppealDecision { Uphold, Reverse }

/// <summary>
/// Why a community call did not do what was asked. <see cref="NotYours"/> is another member's post or
/// comment (403: community content is public, so its existence is no secret); <see cref="Refused"/> is a
/// state that does not allow it (a locked thread, a hidden post, a resolved report: 409).
/// <see cref="Replayed"/>: a create retried with its Idempotency-Key, answered with the first result;
/// <see cref="KeyReused"/>: that key came with a different request; <see cref="Stale"/>: the item changed since the
/// version the caller named (If-Match), the item is the current one.
/// </summary>
[GenerateSerializer, Alias("journal.CommunityStatus")]
public enum CommunityStatus { Done, NotFound, NotYours, Refused, Sanctioned, LimitReached, Duplicate, Replayed, KeyReused, Stale }

/// <summary>
/// The outcome of a community call: the item when done, otherwise why not (and, when sanctioned, the
/// sanction; when a daily quota is spent, the moment the next write is possible).
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.CommunityResult`1")]
public sealed record CommunityResult<T>(CommunityStatus Status, T? Item, string? Detail = null, Sanction? Sanction = null, DateTimeOffset? RetryAt = null)
    where T : class
{
    public static CommunityResult<T> Done(T item) => new(CommunityStatus.Done, item);

    public static CommunityResult<T> Fail(CommunityStatus status, string detail) => new(status, null, detail);

    public static CommunityResult<T> LimitReached(string detail, DateTimeOffset retryAt) => new(CommunityStatus.LimitReached, null, detail, RetryAt: retryAt);
}

[GenerateSerializer, Immutable, Alias("journal.Category")]
public sealed record Category(Guid Id, string Name, string? Description, int Order, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("journal.CategoryChange")]
public sealed record CategoryChange(string? Name, string? Description, int? Order);

/// <summary>A post as stored. <paramref name="AuthorId"/> never leaves the API: readers get the pseudonym.</summary>
[GenerateSerializer, Immutable, Alias("journal.Post")]
public sealed record Post(
    Guid Id, Guid CategoryId, Guid? AuthorId, string AuthorPseudonym, string Title, string Content, ContentStatus Status, bool Locked,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EditedAt);

[GenerateSerializer, Immutable, Alias("journal.NewPost")]
public sealed record NewPost(Guid CategoryId, Guid AuthorId, string AuthorPseudonym, string Title, string Content, IdempotencyKey? Idempotency);

[GenerateSerializer, Immutable, Alias("journal.Comment")]
public sealed record Comment(
    Guid Id, Guid PostId, Guid? ParentId, Guid? AuthorId, string AuthorPseudonym, string Content, ContentStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EditedAt);

[GenerateSerializer, Immutable, Alias("journal.NewComment")]
public sealed record NewComment(Guid AuthorId, string AuthorPseudonym, string Content, Guid? ParentId, IdempotencyKey? Idempotency);

/// <summary>A thread: its comments in creation order (the API nests them) and whether it takes new ones.</summary>
[GenerateSerializer, Immutable, Alias("journal.CommentThread")]
public sealed record CommentThread(Guid PostId, ImmutableList<Comment> Comments, bool AcceptsComments);

/// <summary>
/// A moderator's (or the policy's, with no moderator) action on a post, comment or member.
/// <paramref name="ByAdmin"/>: only an admin sanctions a moderator or an admin.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.ModerationCommand")]
public sealed record ModerationCommand(ModerationActionKind Action, Guid? ModeratorId, string? Reason, Guid? ReportId, int? SuspendDays = null, bool ByAdmin = false);

[GenerateSerializer, Immutable, Alias("journal.ModerationAction")]
public sealed record ModerationAction(
    Guid Id, Guid? ModeratorId, ModerationActionKind Action, TargetType TargetType, Guid TargetId, Guid? AffectedUserId, Guid? ReportId,
    string? Reason, DateTimeOffset? SuspendedUntil, DateTimeOffset CreatedAt, DateTimeOffset? ReversedAt);

/// <summary>A member's current sanction: banned, or suspended until a moment.</summary>
[GenerateSerializer, Immutable, Alias("journal.Sanction")]
public sealed record Sanction(bool Banned, DateTimeOffset? SuspendedUntil, string? Reason);

[GenerateSerializer, Immutable, Alias("journal.NewReport")]
public sealed record NewReport(TargetType TargetType, Guid TargetId, ReportReason Reason, string? Details);

[GenerateSerializer, Immutable, Alias("journal.Report")]
public sealed record Report(
    Guid Id, Guid? ReporterId, TargetType TargetType, Guid TargetId, Guid? PostId, Guid? TargetAuthorId, ReportReason Reason, string? Details,
    int Priority, double Weight, ReportStatus Status, Guid? ClaimedBy, DateTimeOffset? ClaimedUntil, Guid? ResolvedBy, string? Resolution,
    string? ResolutionNotes, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);

/// <summary>A report the reporter's grain has checked, as the target's grain counts it.</summary>
[GenerateSerializer, Immutable, Alias("journal.ReportTally")]
public sealed record ReportTally(Guid ReporterId, double Weight);

/// <summary>What counting a report did: whose content it is, the post it belongs to, and whether this report hid it.</summary>
[GenerateSerializer, Immutable, Alias("journal.TallyResult")]
public sealed record TallyResult(Guid? TargetAuthorId, Guid? PostId, bool AutoHidden);

[GenerateSerializer, Immutable, Alias("journal.ReportQuery")]
public sealed record ReportQuery(ReportStatus? Status, int? Priority, string? Cursor, int Limit);

[GenerateSerializer, Immutable, Alias("journal.Resolution")]
public sealed record Resolution(ModerationActionKind Action, string? Notes, int? SuspendDays, bool ByAdmin);

[GenerateSerializer, Immutable, Alias("journal.Appeal")]
public sealed record Appeal(
    Guid Id, Guid UserId, Guid ModerationActionId, string Message, AppealStatus Status, Guid? DecidedBy, string? DecisionNotes,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

[GenerateSerializer, Immutable, Alias("journal.AppealQuery")]
public sealed record AppealQuery(AppealStatus? Status, string? Cursor, int Limit);

public sealed record ModerationLogQuery(Guid? AffectedUserId, string? Cursor, int Limit);

/// <summary>Everything the community holds about a member, for their export: also their stories and the follows both ways.</summary>
[GenerateSerializer, Immutable, Alias("journal.CommunityExport")]
public sealed record CommunityExport(
    string Pseudonym, Sanction? Sanction, ImmutableList<Post> Posts, ImmutableList<Comment> Comments, ImmutableList<Report> ReportsFiled,
    ImmutableList<ModerationAction> ModerationHistory, ImmutableList<Appeal> Appeals, ImmutableList<Story> Stories, ImmutableList<Follow> Following,
    ImmutableList<Follow> Followers);
