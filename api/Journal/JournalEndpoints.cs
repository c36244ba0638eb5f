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
    /// <summary>Old memories may be written down, but not from before this date (it catches typos such as year 0001).</summary>
    public static readonly DateOnly EarliestEntryDate = new(1900, 1, 1);

    public static void MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        var journal = app.MapGroup("/v1/journal").WithTags("Journal").RequireAuthorization();
        journal.MapPost("/entries", CreateAsync).WithSummary("Write a journal entry").AcceptsIdempotencyKey().AcceptsSecretUnlocks()
            .WithDescription("The server computes wordCount, readingTimeSeconds and sentiment; entryDate defaults to today in the user's zone and is never in the future. "
                + "With secretTagId, the entry goes under that secret tag (its unlock is required: 403 secret-tag-locked otherwise).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        journal.MapGet("/entries", ListAsync).WithSummary("List my journal entries").WithQuery([.. Paging.Fields, .. EntryQueryFields.All]).AcceptsSecretUnlocks()
            .WithDescription("Newest first; with trash=true, the entries in the trash (kept 30 days). Entries under a secret tag only with its unlock.");
        journal.MapGet("/entries/{id:guid}", GetAsync).WithSummary("Read a journal entry").AcceptsSecretUnlocks().ProducesProblem(StatusCodes.Status404NotFound);
        journal.MapPut("/entries/{id:guid}", UpdateAsync).WithSummary("Replace a journal entry").AcceptsSecretUnlocks()
            .AcceptsIfMatch("The ETag the entry was read with; a stale one is refused with 412.", required: true)
            .WithDescription("secretTagId moves the entry under a secret tag, to another, or (null) out of it: the unlocks of the tags involved are required.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        journal.MapDelete("/entries/{id:guid}", DeleteAsync).WithSummary("Move a journal entry to the trash").AcceptsSecretUnlocks()
            .AcceptsIfMatch("Optional: the ETag the entry was read with; a stale one is refused with 412.", required: false)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        journal.MapPost("/entries/{id:guid}/restore", RestoreAsync).WithSummary("Restore a journal entry from the trash").AcceptsSecretUnlocks()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        journal.MapGet("/tags", GetTagsAsync).WithSummary("List my tags").WithQuery(EntryQueryFields.Prefix, Paging.Limit).AcceptsSecretUnlocks()
            .WithDescription("Tags starting with prefix, most used first; from three letters on, then tags that look like it (a typo: \"anxeity\" finds \"anxiety\"). "
                + "Tags of secret entries only with their unlock, and never among the look-alikes.");
        journal.MapGet("/calendar", GetCalendarAsync).WithSummary("Get my mood calendar of a month").WithQuery(EntryQueryFields.Month).AcceptsSecretUnlocks()
            .WithDescription("Per day of the month: the number of entries and the dominant mood (year in pixels); secret entries only with their unlock.");
    }

    /// <summary>An entry's fields, as a new entry (POST) and a replacement (PUT) have them.</summary>
    public interface IEntryFields
    {
        string? Title { get; }
        string? Content { get; }
        string? Mood { get; }
        int? MoodRating { get; }
        List<string?>? Tags { get; }
        DateOnly? EntryDate { get; }
        string? Location { get; }
        string? Weather { get; }
        bool? IsPrivate { get; }
        Guid? PromptId { get; }
        Guid? SecretTagId { get; }
    }

    [Fields(typeof(EntryFields))]
    public sealed record EntryBody(
        string? Title, string? Content, string? Mood, int? MoodRating, List<string?>? Tags, DateOnly? EntryDate, string? Location, string? Weather,
        bool? IsPrivate, Guid? PromptId, Guid? SecretTagId) : IEntryFields;

    /// <summary>A full replacement (PUT): as a new entry, and the entry date is required.</summary>
    [Fields(typeof(EntryReplacementFields))]
    public sealed record EntryReplacement(
        string? Title, string? Content, string? Mood, int? MoodRating, List<string?>? Tags, DateOnly? EntryDate, string? Location, string? Weather,
        bool? IsPrivate, Guid? PromptId, Guid? SecretTagId) : IEntryFields;

    public static class EntryFields
    {
        public static readonly TextField Title = new("title", JournalLimits.MaxTitleLength);
        public static readonly TextField Content = new("content", JournalLimits.MaxContentLength) { Required = true };
        public static readonly ChoiceField<MoodLabel> Mood = ChoiceFields.Of<MoodLabel>("mood");
        public static readonly IntegerField MoodRating = new("moodRating", 1, 10);
        public static readonly LabelsField Tags = new("tags", JournalLimits.MaxTags, JournalLimits.MaxTagLength);
        public static readonly DateField EntryDate = new("entryDate")
        {
            Earliest = EarliestEntryDate, Description = "The local date the entry is for; default today in the user's zone; never in the future.",
        };
        public static readonly TextField Location = new("location", JournalLimits.MaxLocationLength);
        public static readonly TextField Weather = new("weather", JournalLimits.MaxWeatherLength);
        public static readonly FlagField IsPrivate = new("isPrivate") { Description = "Private entries never count in insights (default false)." };
        public static readonly IdField PromptId = new("promptId") { Description = "The journal prompt the entry answers (GET /v1/content/prompts/random)." };
        public static readonly IdField SecretTagId = new("secretTagId")
        {
            Description = "The secret tag the entry goes under (POST /v1/journal/secret-tags); its unlock must be sent in X-Secret-Tag-Unlock.",
        };
    }

    public static class EntryReplacementFields
    {
        public static readonly TextField Title = EntryFields.Title;
        public static readonly TextField Content = EntryFields.Content;
        public static readonly ChoiceField<MoodLabel> Mood = EntryFields.Mood;
        public static readonly IntegerField MoodRating = EntryFields.MoodRating;
        public static readonly LabelsField Tags = EntryFields.Tags;
        public static readonly DateField EntryDate = EntryFields.EntryDate with { Required = true };
        public static readonly TextField Location = EntryFields.Location;
        public static readonly TextField Weather = EntryFields.Weather;
        public static readonly FlagField IsPrivate = EntryFields.IsPrivate;
        public static readonly IdField PromptId = EntryFields.PromptId;
        public static readonly IdField SecretTagId = EntryFields.SecretTagId;
    }

    /// <summary>The filters of the entry list, the tag list, the calendar and search.</summary>
    public static class EntryQueryFields
    {
        public static readonly DateField From = new("from") { Description = "Entries dated on or after this day." };
        public static readonly DateField To = new("to") { Description = "Entries dated on or before this day." };
        public static readonly ChoiceField<MoodLabel> Mood = ChoiceFields.Of<MoodLabel>("mood");
        public static readonly TextField Tag = new("tag", JournalLimits.MaxTagLength) { Description = "Entries with this tag." };
        public static readonly FlagField Trash = new("trash") { Description = "List the trash instead (default false)." };
        public static readonly TextField Prefix = new("prefix", JournalLimits.MaxTagLength);
        public static readonly TextField Month = new("month", 7)
        {
            Required = true, Pattern = "^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])$", PatternMessage = "'month' must be YYYY-MM (year 0001 on).",
        };

        public static readonly Field[] All = [From, To, Mood, Tag, Trash];
    }

    private static async Task<Results<Created<JournalEntry>, Ok<JournalEntry>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        EntryBody body, HttpContext context, IGrainFactory grains)
    {
        var (validator, tags, mood) = Validate(body, EntryFields.EntryDate);
        await CheckPromptAsync(body.PromptId, grains, validator);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).CreateAsync(
            new NewEntry(body.Title, body.Content!, mood, body.MoodRating, tags, body.EntryDate, body.Location, body.Weather, body.IsPrivate ?? false, body.PromptId)
            {
                SecretTagId = body.SecretTagId, Unlocks = SecretUnlockHeader.Read(context),
            },
            RequestAccess.Clock(context), idempotency);
        if (result.Status == CreateStatus.KeyReused) return ProblemResults.UnprocessableIdempotencyKey();
        var entry = result.Item!;
        ETags.Set(context, entry.Version);
        return result.Status == CreateStatus.Replayed ? TypedResults.Ok(entry) : TypedResults.Created($"/v1/journal/entries/{entry.Id}", entry);
    }

    private static async Task<Results<Ok<PageResponse<JournalEntry>>, ValidationProblem>> ListAsync(
        HttpContext context, IGrainFactory grains, string? cursor, string? limit, string? from, string? to, string? mood, string? tag, string? trash)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor).Text(EntryQueryFields.Tag, tag);
        var take = Paging.Take(limit, validator);
        var fromDate = validator.Date(EntryQueryFields.From, from);
        var toDate = validator.Date(EntryQueryFields.To, to);
        var moodLabel = validator.Choice(EntryQueryFields.Mood, mood);
        var inTrash = validator.Flag(EntryQueryFields.Trash, trash) ?? false;
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IJournalGrain>(context.User.GetUserId())
            .ListAsync(new EntryQuery(cursor, take, fromDate, toDate, moodLabel, string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().ToLowerInvariant(), inTrash)
            {
                Unlocks = SecretUnlockHeader.Read(context),
            });
        return TypedResults.Ok(new PageResponse<JournalEntry>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<JournalEntry>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        if (await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).GetAsync(id, SecretUnlockHeader.Read(context)) is not { } entry) return EntryNotFound();
        ETags.Set(context, entry.Version);
        return TypedResults.Ok(entry);
    }

    private static async Task<Results<Ok<JournalEntry>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, EntryReplacement body, HttpContext context, IGrainFactory grains)
    {
        var (validator, tags, mood) = Validate(body, EntryReplacementFields.EntryDate);
        await CheckPromptAsync(body.PromptId, grains, validator);
        var ifMatch = ETags.ReadIfMatch(context, validator);
        if (!validator.IsValid) return validator.Problem();
        if (!ifMatch.Present) return ProblemResults.PreconditionRequired("Send If-Match with the entry's ETag to update it.");
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).UpdateAsync(id,
            new EntryChange(body.Title, body.Content!, mood, body.MoodRating, tags, body.EntryDate!.Value, body.Location, body.Weather, body.IsPrivate ?? false, body.PromptId)
            {
                SecretTagId = body.SecretTagId, Unlocks = SecretUnlockHeader.Read(context),
            },
            RequestAccess.Clock(context), ifMatch.Versions);
        return EditResponse(context, result);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator();
        var ifMatch = ETags.ReadIfMatch(context, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).DeleteAsync(id, RequestAccess.Clock(context), ifMatch.Versions, SecretUnlockHeader.Read(context));
        return result.Status switch
        {
            EditStatus.Done => TypedResults.NoContent(),
            EditStatus.VersionMismatch => ProblemResults.PreconditionFailed($"The entry changed since (its version is now {result.Item!.Version})."),
            _ => EntryNotFound(),
        };
    }

    private static async Task<Results<Ok<JournalEntry>, ValidationProblem, ProblemHttpResult>> RestoreAsync(Guid id, HttpContext context, IGrainFactory grains) =>
        EditResponse(context, await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).RestoreAsync(id, RequestAccess.Clock(context), SecretUnlockHeader.Read(context)));

    private static async Task<Results<Ok<ItemsResponse<TagCount>>, ValidationProblem>> GetTagsAsync(HttpContext context, IGrainFactory grains, string? prefix, string? limit)
    {
        var validator = new Validator().Text(EntryQueryFields.Prefix, prefix);
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var tags = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).GetTagsAsync(prefix?.Trim().ToLowerInvariant(), take, SecretUnlockHeader.Read(context));
        return TypedResults.Ok(new ItemsResponse<TagCount>(tags));
    }

    private static async Task<Results<Ok<ItemsResponse<CalendarDay>>, ValidationProblem>> GetCalendarAsync(HttpContext context, IGrainFactory grains, string? month)
    {
        var validator = new Validator().Text(EntryQueryFields.Month, month);
        if (!validator.IsValid) return validator.Problem();
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).GetCalendarAsync(first.Year, first.Month, SecretUnlockHeader.Read(context));
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

    private static (Validator Validator, ImmutableList<string> Tags, MoodLabel? Mood) Validate(IEntryFields body, DateField entryDate)
    {
        var validator = new Validator()
            .Text(EntryFields.Title, body.Title)
            .Text(EntryFields.Content, body.Content)
            .Text(EntryFields.Location, body.Location)
            .Text(EntryFields.Weather, body.Weather)
            .Integer(EntryFields.MoodRating, body.MoodRating)
            .Date(entryDate, body.EntryDate);
        var mood = validator.Choice(EntryFields.Mood, body.Mood);
        var tags = validator.Labels(EntryFields.Tags, body.Tags);
        return (validator, tags, mood);
    }
}
