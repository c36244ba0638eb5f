using System.Collections.Immutable;
using System.Globalization;
using Journal.Api.Auth;
using Journal.Api.Content;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Journal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Journal;

/// <summary>Journal entries, tags and the mood calendar (PRODUCT.md §2), through the user's journal grain.</summary>
public static class JournalEndpoints
{
    public const int MaxContentLength = 20_000;
    public const int MaxTitleLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    /// <summary>Old memories may be written down, but not from before this date (it catches typos such as year 0001).</summary>
    public static readonly DateOnly EarliestEntryDate = new(1900, 1, 1);

    public static void MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        var journal = app.MapGroup("/v1/journal").WithTags("Journal").RequireAuthorization().ProducesSignedInProblems();
        journal.MapPost("/entries", CreateAsync).AcceptsIdempotencyKey();
        journal.MapGet("/entries", ListAsync);
        journal.MapGet("/entries/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        journal.MapPut("/entries/{id:guid}", UpdateAsync)
            .AcceptsHeader("If-Match", "The ETag the entry was read with; a stale one is refused with 412.", required: true)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        journal.MapDelete("/entries/{id:guid}", DeleteAsync)
            .AcceptsHeader("If-Match", "Optional: the ETag the entry was read with; a stale one is refused with 412.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        journal.MapPost("/entries/{id:guid}/restore", RestoreAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        journal.MapGet("/tags", GetTagsAsync)
            .WithDescription("Tags starting with prefix, most used first; from three letters on, then tags that look like it (a typo: \"anxeity\" finds \"anxiety\").");
        journal.MapGet("/calendar", GetCalendarAsync);
    }

    public sealed record EntryBody(
        string? Title, string? Content, string? Mood, int? MoodRating, List<string?>? Tags, DateOnly? EntryDate, string? Location, string? Weather,
        bool? IsPrivate, Guid? PromptId);

    private static async Task<Results<Created<JournalEntry>, Ok<JournalEntry>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        EntryBody body, HttpContext context, IGrainFactory grains)
    {
        var (validator, tags, mood) = Validate(body);
        await CheckPromptAsync(body.PromptId, grains, validator);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).CreateAsync(
            new NewEntry(body.Title, body.Content!, mood, body.MoodRating, tags, body.EntryDate, body.Location, body.Weather, body.IsPrivate ?? false, body.PromptId),
            idempotency);
        if (result.Status == CreateStatus.KeyReused) return ProblemResults.UnprocessableIdempotencyKey();
        var entry = result.Item!;
        ETags.Set(context, entry.Version);
        return result.Status == CreateStatus.Replayed ? TypedResults.Ok(entry) : TypedResults.Created($"/v1/journal/entries/{entry.Id}", entry);
    }

    private static async Task<Results<Ok<PageResponse<JournalEntry>>, ValidationProblem>> ListAsync(
        HttpContext context, IGrainFactory grains, string? cursor, string? limit, string? from, string? to, string? mood, string? tag, bool? trash)
    {
        var validator = new Validator();
        var take = Paging.Limit(limit, validator);
        var fromDate = QueryValues.Date("from", from, validator);
        var toDate = QueryValues.Date("to", to, validator);
        var moodLabel = QueryValues.Mood("mood", mood, validator);
        validator.Text("tag", tag, MaxTagLength).Text("cursor", cursor, 200);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IJournalGrain>(context.User.GetUserId())
            .ListAsync(new EntryQuery(cursor, take, fromDate, toDate, moodLabel, string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().ToLowerInvariant(), trash ?? false));
        return TypedResults.Ok(new PageResponse<JournalEntry>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<JournalEntry>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        if (await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).GetAsync(id) is not { } entry) return EntryNotFound();
        ETags.Set(context, entry.Version);
        return TypedResults.Ok(entry);
    }

    private static async Task<Results<Ok<JournalEntry>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, EntryBody body, HttpContext context, IGrainFactory grains)
    {
        var (validator, tags, mood) = Validate(body);
        if (body.EntryDate is null) validator.Add("entryDate", "'entryDate' is required.");
        await CheckPromptAsync(body.PromptId, grains, validator);
        var ifMatch = ETags.ReadIfMatch(context, validator);
        if (!validator.IsValid) return validator.Problem();
        if (!ifMatch.Present) return ProblemResults.PreconditionRequired("Send If-Match with the entry's ETag to update it.");
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).UpdateAsync(id,
            new EntryChange(body.Title, body.Content!, mood, body.MoodRating, tags, body.EntryDate!.Value, body.Location, body.Weather, body.IsPrivate ?? false, body.PromptId),
            ifMatch.Versions);
        return EditResponse(context, result);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator();
        var ifMatch = ETags.ReadIfMatch(context, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).DeleteAsync(id, ifMatch.Versions);
        return result.Status switch
        {
            EditStatus.Done => TypedResults.NoContent(),
            EditStatus.VersionMismatch => ProblemResults.PreconditionFailed($"The entry changed since (its version is now {result.Item!.Version})."),
            _ => EntryNotFound(),
        };
    }

    private static async Task<Results<Ok<JournalEntry>, ValidationProblem, ProblemHttpResult>> RestoreAsync(Guid id, HttpContext context, IGrainFactory grains) =>
        EditResponse(context, await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).RestoreAsync(id));

    private static async Task<Results<Ok<ItemsResponse<TagCount>>, ValidationProblem>> GetTagsAsync(HttpContext context, IGrainFactory grains, string? prefix, string? limit)
    {
        var validator = new Validator().Text("prefix", prefix, MaxTagLength);
        var take = Paging.Limit(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var tags = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).GetTagsAsync(prefix?.Trim().ToLowerInvariant(), take);
        return TypedResults.Ok(new ItemsResponse<TagCount>(tags));
    }

    private static async Task<Results<Ok<ItemsResponse<CalendarDay>>, ValidationProblem>> GetCalendarAsync(HttpContext context, IGrainFactory grains, string? month)
    {
        var validator = new Validator();
        if (month is null) validator.Add("month", "'month' is required (YYYY-MM).");
        else if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            validator.Add("month", "'month' must be YYYY-MM.");
        if (!validator.IsValid) return validator.Problem();
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).GetCalendarAsync(first.Year, first.Month);
        return TypedResults.Ok(new ItemsResponse<CalendarDay>(days));
    }

    private static Results<Ok<JournalEntry>, ValidationProblem, ProblemHttpResult> EditResponse(HttpContext context, EditResult<JournalEntry> result)
    {
        switch (result.Status)
        {
            case EditStatus.Done:
                ETags.Set(context, result.Item!.Version);
                return TypedResults.Ok(result.Item);
            case EditStatus.VersionMismatch:
                ETags.Set(context, result.Item!.Version);
                return ProblemResults.PreconditionFailed($"The entry changed since (its version is now {result.Item.Version}); read it again and retry.");
            case EditStatus.Gone:
                return ProblemResults.Gone("The entry was deleted more than 30 days ago and cannot be restored.");
            case EditStatus.NotInTrash:
                return ProblemResults.Conflict("The entry is not in the trash.");
            default:
                return EntryNotFound();
        }
    }

    // An entry links to a journal prompt of the content library (GET /v1/content/prompts/random), not to any id.
    private static async Task CheckPromptAsync(Guid? promptId, IGrainFactory grains, Validator validator)
    {
        if (promptId is { } id && !await ContentEndpoints.Library(grains).IsJournalPromptAsync(id))
            validator.Add("promptId", "'promptId' must be the id of a journal prompt (GET /v1/content/prompts/random).");
    }

    // Another user's entry id is indistinguishable from one that never existed (PRODUCT.md §2).
    private static ProblemHttpResult EntryNotFound() => ProblemResults.NotFound("No such journal entry.");

    private static (Validator Validator, ImmutableList<string> Tags, MoodLabel? Mood) Validate(EntryBody body)
    {
        var validator = new Validator()
            .Text("title", body.Title, MaxTitleLength)
            .Text("content", body.Content, MaxContentLength, required: true)
            .Text("location", body.Location, 200)
            .Text("weather", body.Weather, 100)
            .Range("moodRating", body.MoodRating, 1, 10);
        if (body.EntryDate < EarliestEntryDate) validator.Add("entryDate", $"The entry date must be {EarliestEntryDate:yyyy-MM-dd} or later.");
        var mood = QueryValues.Mood("mood", body.Mood, validator);
        var tags = validator.Labels("tags", body.Tags, MaxTags, MaxTagLength);
        return (validator, tags, mood);
    }
}
