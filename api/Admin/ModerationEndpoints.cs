using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Community;
using Journal.Grains.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Npgsql;

namespace Journal.Api.Admin;

/// <summary>
/// The moderators' API (PRODUCT.md §8; moderator or admin role): the report queue, actions on posts,
/// comments, stories and members, the mod log and appeals. Each action is carried out by the grain that owns
/// its target and is also written to the security audit log.
/// </summary>
public static class ModerationEndpoints
{
    private static readonly ModerationActionKind[] s_postActions =
        [ModerationActionKind.Hide, ModerationActionKind.Unhide, ModerationActionKind.Lock, ModerationActionKind.Unlock, ModerationActionKind.Delete];

    private static readonly ModerationActionKind[] s_commentActions = [ModerationActionKind.Hide, ModerationActionKind.Unhide, ModerationActionKind.Delete];

    private static readonly ModerationActionKind[] s_memberActions =
        [ModerationActionKind.Warn, ModerationActionKind.Suspend, ModerationActionKind.Ban, ModerationActionKind.Unban];

    private static readonly ModerationActionKind[] s_resolutions =
        [ModerationActionKind.Dismiss, ModerationActionKind.Hide, ModerationActionKind.Delete, ModerationActionKind.Warn, ModerationActionKind.Suspend, ModerationActionKind.Ban];

    public static void MapModerationEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Moderation").RequireAuthorization(AuthSetup.ModeratorPolicy);
        admin.MapGet("/reports", ListReportsAsync).WithSummary("List the report queue").WithQuery([ReportQueryFields.Status, ReportQueryFields.Priority, .. Paging.Fields])
            .WithDescription("Most urgent first (self_harm reports go to the front).");
        admin.MapPost("/reports/{id:guid}/claim", ClaimAsync).WithSummary("Claim a report").WithDescription("409 when another moderator holds it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/reports/{id:guid}/resolve", ResolveAsync).WithSummary("Resolve a report")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var action in s_postActions)
            admin.MapPost($"/posts/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit) => ActAsync(TargetType.Post, id, action, body, context, grains, audit,
                    command => grains.GetGrain<IPostGrain>(id).ModerateAsync(command)))
                .WithSummary($"{action} a post").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var action in s_commentActions)
            admin.MapPost($"/comments/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit, NpgsqlDataSource dataSource) => ActAsync(TargetType.Comment, id, action, body, context, grains, audit,
                    async command => await CommunityLookups.CommentPostAsync(dataSource, id) is { } postId
                        ? await grains.GetGrain<IThreadGrain>(postId).ModerateCommentAsync(id, command)
                        : CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such comment.")))
                .WithSummary($"{action} a comment").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        // A story has no thread to lock: the comment's actions.
        foreach (var action in s_commentActions)
            admin.MapPost($"/stories/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit) => ActAsync(TargetType.Story, id, action, body, context, grains, audit,
                    command => grains.GetGrain<IStoryGrain>(id).ModerateAsync(command)))
                .WithSummary($"{action} a story").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var action in s_memberActions)
            admin.MapPost($"/users/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit) => ActAsync(TargetType.User, id, action, body, context, grains, audit,
                    command => grains.GetGrain<IMemberGrain>(id).SanctionAsync(command)))
                .WithSummary($"{action} a member").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/modlog", ModerationLogAsync).WithSummary("Read the moderation log").WithQuery([ModerationLogFields.UserId, .. Paging.Fields]);
        admin.MapGet("/appeals", ListAppealsAsync).WithSummary("List appeals").WithQuery([AppealQueryFields.Status, .. Paging.Fields]);
        admin.MapPost("/appeals/{id:guid}/decide", DecideAsync).WithSummary("Decide an appeal")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Why the moderator acts; <paramref name="SuspendDays"/> is the length of a suspension (as when resolving a report).</summary>
    [Fields(typeof(ReasonFields))]
    public sealed record ReasonBody(string? Reason, int? SuspendDays);

    [Fields(typeof(ResolveFields))]
    public sealed record ResolveBody(string? Action, string? Notes, int? SuspendDays);

    [Fields(typeof(DecideFields))]
    public sealed record DecideBody(string? Decision, string? Notes);

    public static class ReasonFields
    {
        public static readonly TextField Reason = new("reason", CommunityLimits.MaxNotesLength) { Description = "Shown to the member." };
        public static readonly IntegerField SuspendDays = new("suspendDays", 1, CommunityLimits.MaxSuspendDays) { Description = "Required to suspend." };
    }

    public static class ResolveFields
    {
        public static readonly ChoiceField<ModerationActionKind> Action = new("action", [.. s_resolutions.Select(kind => KeyValuePair.Create(EnumText<ModerationActionKind>.ToText(kind), kind))])
        {
            Required = true,
        };
        public static readonly TextField Notes = new("notes", CommunityLimits.MaxNotesLength);
        public static readonly IntegerField SuspendDays = ReasonFields.SuspendDays with { Description = "Required when action is suspend." };
    }

    public static class DecideFields
    {
        public static readonly ChoiceField<AppealDecision> Decision = ChoiceFields.Of<AppealDecision>("decision") with { Required = true };
        public static readonly TextField Notes = new("notes", CommunityLimits.MaxNotesLength);
    }

    public static class ReportQueryFields
    {
        public static readonly ChoiceField<ReportStatus> Status = ChoiceFields.Of<ReportStatus>("status");
        public static readonly ChoiceField<int> Priority = new("priority", [KeyValuePair.Create("high", ReportPolicy.UrgentPriority), KeyValuePair.Create("normal", ReportPolicy.NormalPriority)]);
    }

    public static class ModerationLogFields
    {
        public static readonly IdField UserId = new("userId") { Description = "Only actions that affected this member." };
    }

    public static class AppealQueryFields
    {
        public static readonly ChoiceField<AppealStatus> Status = ChoiceFields.Of<AppealStatus>("status");
    }

    private static bool IsAdmin(HttpContext context) => context.User.IsInRole(Roles.Admin);

    private static async Task<Results<Ok<PageResponse<Report>>, ValidationProblem>> ListReportsAsync(
        IGrainFactory grains, string? status, string? priority, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var reportStatus = validator.Choice(ReportQueryFields.Status, status);
        var exactPriority = validator.Choice(ReportQueryFields.Priority, priority);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key).ListReportsAsync(new ReportQuery(reportStatus, exactPriority, cursor, take));
        return TypedResults.Ok(new PageResponse<Report>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> ClaimAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key).ClaimAsync(id, context.User.GetUserId());
        return result.Status == CommunityStatus.Done ? TypedResults.Ok(result.Item!) : CommunityProblems.For(result);
    }

    private static async Task<Results<Ok<Report>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolveBody body, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var validator = new Validator().Text(ResolveFields.Notes, body.Notes);
        var action = validator.Choice(ResolveFields.Action, body.Action);
        validator.Integer(ResolveFields.SuspendDays with { Required = action == ModerationActionKind.Suspend }, body.SuspendDays);
        if (!validator.IsValid) return validator.Problem();
        var moderatorId = context.User.GetUserId();
        var result = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key)
            .ResolveAsync(id, moderatorId, new Resolution(action!.Value, body.Notes, body.SuspendDays, IsAdmin(context)));
        if (result.Status != CommunityStatus.Done) return CommunityProblems.For(result);
        await audit.RecordAsync(AuditEvents.Moderation, moderatorId, context, new { action = EnumText<ModerationActionKind>.ToText(action.Value), reportId = id });
        return TypedResults.Ok(result.Item!);
    }

    private static async Task<Results<Ok<ModerationAction>, ValidationProblem, ProblemHttpResult>> ActAsync(
        TargetType targetType, Guid id, ModerationActionKind action, ReasonBody? body, HttpContext context, IGrainFactory grains, AuditLog audit,
        Func<ModerationCommand, Task<CommunityResult<ModerationAction>>> apply)
    {
        var validator = new Validator().Text(ReasonFields.Reason, body?.Reason)
            .Integer(ReasonFields.SuspendDays with { Required = action == ModerationActionKind.Suspend }, body?.SuspendDays);
        if (!validator.IsValid) return validator.Problem();
        var moderatorId = context.User.GetUserId();
        var result = await apply(new ModerationCommand(action, moderatorId, body?.Reason, null, body?.SuspendDays, IsAdmin(context)));
        if (result.Status != CommunityStatus.Done) return CommunityProblems.For(result);
        // Members are named in the audit log by their keyed hash, like every user id there.
        var target = targetType == TargetType.User ? audit.Hash(id.ToString("N")) : id.ToString();
        await audit.RecordAsync(AuditEvents.Moderation, moderatorId, context, new { action = EnumText<ModerationActionKind>.ToText(action), targetType = EnumText<TargetType>.ToText(targetType), targetId = target });
        return TypedResults.Ok(result.Item!);
    }

    private static async Task<Results<Ok<PageResponse<ModerationAction>>, ValidationProblem>> ModerationLogAsync(
        NpgsqlDataSource dataSource, string? userId, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var affected = validator.Id(ModerationLogFields.UserId, userId);
        if (!validator.IsValid) return validator.Problem();
        var page = await ModerationLog.ListAsync(dataSource, new ModerationLogQuery(affected, cursor, take));
        return TypedResults.Ok(new PageResponse<ModerationAction>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<PageResponse<Appeal>>, ValidationProblem>> ListAppealsAsync(IGrainFactory grains, string? status, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var appealStatus = validator.Choice(AppealQueryFields.Status, status);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key).ListAppealsAsync(new AppealQuery(appealStatus, cursor, take));
        return TypedResults.Ok(new PageResponse<Appeal>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<Appeal>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecideBody body, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var validator = new Validator().Text(DecideFields.Notes, body.Notes);
        var decision = validator.Choice(DecideFields.Decision, body.Decision);
        if (!validator.IsValid) return validator.Problem();
        var moderatorId = context.User.GetUserId();
        var result = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key).DecideAppealAsync(id, moderatorId, IsAdmin(context), decision!.Value, body.Notes);
        if (result.Status != CommunityStatus.Done) return CommunityProblems.For(result);
        await audit.RecordAsync(AuditEvents.Moderation, moderatorId, context, new { action = "appeal_" + EnumText<AppealDecision>.ToText(decision.Value), appealId = id });
        return TypedResults.Ok(result.Item!);
    }
}
