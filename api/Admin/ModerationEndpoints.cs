using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Community;
using Journal.Grains.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Npgsql;

namespace Journal.Api.Admin;

/// <summary>
/// The moderators' API (PRODUCT.md §8; moderator or admin role): the report queue, actions on posts,
/// comments and members, the mod log and appeals. Each action is carried out by the grain that owns
/// its target and is also written to the security audit log.
/// </summary>
public static class ModerationEndpoints
{
    public const int MaxNotesLength = 1_000;
    public const int MaxSuspendDays = 365;

    private static readonly ModerationActionKind[] s_postActions =
        [ModerationActionKind.Hide, ModerationActionKind.Unhide, ModerationActionKind.Lock, ModerationActionKind.Unlock, ModerationActionKind.Delete];

    private static readonly ModerationActionKind[] s_commentActions = [ModerationActionKind.Hide, ModerationActionKind.Unhide, ModerationActionKind.Delete];

    private static readonly ModerationActionKind[] s_memberActions =
        [ModerationActionKind.Warn, ModerationActionKind.Suspend, ModerationActionKind.Ban, ModerationActionKind.Unban];

    private static readonly ModerationActionKind[] s_resolutions =
        [ModerationActionKind.Dismiss, ModerationActionKind.Hide, ModerationActionKind.Delete, ModerationActionKind.Warn, ModerationActionKind.Suspend, ModerationActionKind.Ban];

    public static void MapModerationEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Moderation").RequireAuthorization(AuthSetup.ModeratorPolicy).ProducesSignedInProblems()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/reports", ListReportsAsync);
        admin.MapPost("/reports/{id:guid}/claim", ClaimAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/reports/{id:guid}/resolve", ResolveAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var action in s_postActions)
            admin.MapPost($"/posts/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit) => ActAsync(TargetType.Post, id, action, body, context, grains, audit,
                    command => grains.GetGrain<IPostGrain>(id).ModerateAsync(command)))
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var action in s_commentActions)
            admin.MapPost($"/comments/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit, NpgsqlDataSource dataSource) => ActAsync(TargetType.Comment, id, action, body, context, grains, audit,
                    async command => await CommunityLookups.CommentPostAsync(dataSource, id) is { } postId
                        ? await grains.GetGrain<IThreadGrain>(postId).ModerateCommentAsync(id, command)
                        : CommunityResult<ModerationAction>.Fail(CommunityStatus.NotFound, "There is no such comment.")))
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var action in s_memberActions)
            admin.MapPost($"/users/{{id:guid}}/{EnumText<ModerationActionKind>.ToText(action)}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReasonBody? body, HttpContext context,
                    IGrainFactory grains, AuditLog audit) => ActAsync(TargetType.User, id, action, body, context, grains, audit,
                    command => grains.GetGrain<IMemberGrain>(id).SanctionAsync(command)))
                .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/modlog", ModerationLogAsync);
        admin.MapGet("/appeals", ListAppealsAsync);
        admin.MapPost("/appeals/{id:guid}/decide", DecideAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Why the moderator acts; <paramref name="SuspendDays"/> is the length of a suspension (as when resolving a report).</summary>
    public sealed record ReasonBody(string? Reason, int? SuspendDays);

    public sealed record ResolveBody(string? Action, string? Notes, int? SuspendDays);

    public sealed record DecideBody(string? Decision, string? Notes);

    private static bool IsAdmin(HttpContext context) => context.User.IsInRole(Roles.Admin);

    private static async Task<Results<Ok<PageResponse<Report>>, ValidationProblem>> ListReportsAsync(
        IGrainFactory grains, string? status, string? priority, string? cursor, string? limit)
    {
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        var reportStatus = QueryValues.Choice<ReportStatus>("status", status, validator);
        int? exactPriority = priority switch
        {
            null => null,
            "high" => ReportPolicy.UrgentPriority,
            "normal" => ReportPolicy.NormalPriority,
            _ => null,
        };
        if (priority is not null && exactPriority is null) validator.Add("priority", "'priority' must be high or normal.");
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
        var validator = new Validator().Text("notes", body.Notes, MaxNotesLength);
        var action = QueryValues.Choice<ModerationActionKind>("action", body.Action, validator);
        if (body.Action is null) validator.Add("action", "'action' is required.");
        else if (action is { } chosen && !s_resolutions.Contains(chosen)) validator.Add("action", "'action' must be one of: dismiss, hide, delete, warn, suspend, ban.");
        validator.Range("suspendDays", body.SuspendDays, 1, MaxSuspendDays, required: action == ModerationActionKind.Suspend);
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
        var validator = new Validator().Text("reason", body?.Reason, MaxNotesLength)
            .Range("suspendDays", body?.SuspendDays, 1, MaxSuspendDays, required: action == ModerationActionKind.Suspend);
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
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        Guid? affected = null;
        if (userId is not null)
        {
            if (Guid.TryParse(userId, out var parsed)) affected = parsed;
            else validator.Add("userId", "'userId' must be a user id.");
        }
        if (!validator.IsValid) return validator.Problem();
        var page = await ModerationLog.ListAsync(dataSource, new ModerationLogQuery(affected, cursor, take));
        return TypedResults.Ok(new PageResponse<ModerationAction>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<PageResponse<Appeal>>, ValidationProblem>> ListAppealsAsync(IGrainFactory grains, string? status, string? cursor, string? limit)
    {
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        var appealStatus = QueryValues.Choice<AppealStatus>("status", status, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key).ListAppealsAsync(new AppealQuery(appealStatus, cursor, take));
        return TypedResults.Ok(new PageResponse<Appeal>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<Appeal>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecideBody body, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var validator = new Validator().Text("notes", body.Notes, MaxNotesLength);
        var decision = QueryValues.Choice<AppealDecision>("decision", body.Decision, validator);
        if (body.Decision is null) validator.Add("decision", "'decision' is required.");
        if (!validator.IsValid) return validator.Problem();
        var moderatorId = context.User.GetUserId();
        var result = await grains.GetGrain<IModerationQueueGrain>(IModerationQueueGrain.Key).DecideAppealAsync(id, moderatorId, IsAdmin(context), decision!.Value, body.Notes);
        if (result.Status != CommunityStatus.Done) return CommunityProblems.For(result);
        await audit.RecordAsync(AuditEvents.Moderation, moderatorId, context, new { action = "appeal_" + EnumText<AppealDecision>.ToText(decision.Value), appealId = id });
        return TypedResults.Ok(result.Item!);
    }
}
