using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Journal;
using Microsoft.AspNetCore.Http.HttpResults;
using static Journal.Api.Journal.JournalEndpoints;

namespace Journal.Api.Journal;

/// <summary>Search over the user's encrypted entries (PRODUCT.md §2), through the journal grain's blind index.</summary>
public static class SearchEndpoints
{
    public static readonly TextField Query = new("q", JournalLimits.MaxQueryLength) { Required = true, Description = "The words to find." };

    public static void MapJournalSearchEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/journal/search", SearchAsync).WithTags("Journal").RequireAuthorization().WithSummary("Search my journal")
            .WithQuery([Query, EntryQueryFields.Mood, EntryQueryFields.Tag, EntryQueryFields.From, EntryQueryFields.To, .. Paging.Fields]).AcceptsSecretUnlocks()
            .WithDescription("Live entries holding every word of q (any form: \"run\" finds \"running\"; stop words are ignored), title matches first, then newest; facets count all hits, not only the page. Entries under a secret tag only with its unlock.");

    private static async Task<Results<Ok<SearchResult>, ValidationProblem>> SearchAsync(
        HttpContext context, IGrainFactory grains, string? q, string? mood, string? tag, string? from, string? to, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Query, q).Text(EntryQueryFields.Tag, tag).Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var fromDate = validator.Date(EntryQueryFields.From, from);
        var toDate = validator.Date(EntryQueryFields.To, to);
        var moodLabel = validator.Choice(EntryQueryFields.Mood, mood);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).SearchAsync(new SearchQuery(
            q!, moodLabel, string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().ToLowerInvariant(), fromDate, toDate, cursor, take)
        {
            Unlocks = SecretUnlockHeader.Read(context),
        });
        return TypedResults.Ok(result);
    }
}
