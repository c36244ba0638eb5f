using Journal.GrainInterfaces.Community;
using Journal.Grains.Storage;

namespace Journal.Grains.Community;

/// <summary>A community_posts row.</summary>
internal class PostRow
{
    public const string Columns = "id, category_id, author_id, author_pseudonym, title, content, status, locked, created_at, updated_at, edited_at";

    public Guid Id { get; init; }
    public Guid CategoryId { get; init; }
    public Guid? AuthorId { get; init; }
    public string AuthorPseudonym { get; init; } = "";
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string Status { get; init; } = "";
    public bool Locked { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }

    public Post ToPost() => new(Id, CategoryId, AuthorId, AuthorPseudonym, Title, Content, EnumText<ContentStatus>.Parse(Status), Locked, CreatedAt, UpdatedAt, EditedAt);
}

/// <summary>A community_comments row.</summary>
internal sealed class CommentRow
{
    public const string Columns = "id, post_id, parent_id, author_id, author_pseudonym, content, status, created_at, updated_at, edited_at";

    public Guid Id { get; init; }
    public Guid PostId { get; init; }
    public Guid? ParentId { get; init; }
    public Guid? AuthorId { get; init; }
    public string AuthorPseudonym { get; init; } = "";
    public string Content { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }

    public Comment ToComment() => new(Id, PostId, ParentId, AuthorId, AuthorPseudonym, Content, EnumText<ContentStatus>.Parse(Status), CreatedAt, UpdatedAt, EditedAt);
}

/// <summary>A community_reports row.</summary>
internal sealed class ReportRow
{
    public const string Columns =
        "id, reporter_id, target_type, target_id, post_id, target_author_id, reason, details, priority, weight, status, claimed_by, claimed_until, " +
        "resolved_by, resolution, resolution_notes, created_at, resolved_at";

    public Guid Id { get; init; }
    public Guid? ReporterId { get; init; }
    public string TargetType { get; init; } = "";
    public Guid TargetId { get; init; }
    public Guid? PostId { get; init; }
    public Guid? TargetAuthorId { get; init; }
    public string Reason { get; init; } = "";
    public string? Details { get; init; }
    public short Priority { get; init; }
    public float Weight { get; init; }
    public string Status { get; init; } = "";
    public Guid? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }
    public Guid? ResolvedBy { get; init; }
    public string? Resolution { get; init; }
    public string? ResolutionNotes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    public Report ToReport() => new(Id, ReporterId, EnumText<TargetType>.Parse(TargetType), TargetId, PostId, TargetAuthorId,
        EnumText<ReportReason>.Parse(Reason), Details, Priority, Weight, EnumText<ReportStatus>.Parse(Status), ClaimedBy, ClaimedUntil,
        ResolvedBy, Resolution, ResolutionNotes, CreatedAt, ResolvedAt);
}

/// <summary>A moderation_actions row (the mod log).</summary>
internal sealed class ModerationActionRow
{
    public const string Columns = "id, moderator_id, action, target_type, target_id, affected_user_id, report_id, reason, suspended_until, created_at, reversed_at";

    public Guid Id { get; init; }
    public Guid? ModeratorId { get; init; }
    public string Action { get; init; } = "";
    public string TargetType { get; init; } = "";
    public Guid TargetId { get; init; }
    public Guid? AffectedUserId { get; init; }
    public Guid? ReportId { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? SuspendedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReversedAt { get; init; }

    public ModerationAction ToAction() => new(Id, ModeratorId, EnumText<ModerationActionKind>.Parse(Action), EnumText<TargetType>.Parse(TargetType), TargetId,
        AffectedUserId, ReportId, Reason, SuspendedUntil, CreatedAt, ReversedAt);
}

/// <summary>A community_appeals row.</summary>
internal sealed class AppealRow
{
    public const string Columns = "id, user_id, moderation_action_id, message, status, decided_by, decision_notes, created_at, decided_at";

    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid ModerationActionId { get; init; }
    public string Message { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid? DecidedBy { get; init; }
    public string? DecisionNotes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }

    public Appeal ToAppeal() => new(Id, UserId, ModerationActionId, Message, EnumText<AppealStatus>.Parse(Status), DecidedBy, DecisionNotes, CreatedAt, DecidedAt);
}
