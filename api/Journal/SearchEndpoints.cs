using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Journal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Journal;

/// <summary>Search over the user's encrypted entries (PRODUCT.md §2), through the journal grain's blind index.</summary>
public static class SearchEndpoints
{
    public const int MaxQueryLength = 200;

    public static void MapJournalSearchEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/journal/search", SearchAsync).WithTags("Journal").RequireAuthorization().ProducesSignedInProblems()
            .WithDescription("Live entries holding every word of q (any form: \"run\" finds \"running\"; stop words are ignored), title matches first, then newest; facets count all hits, not only the page.");

    private static async Task<Results<Ok<SearchResult>, ValidationProblem>> SearchAsync(
        HttpContext context, IGrainFactory grains, string? q, string? mood, string? tag, string? from, string? to, string? cursor, string? limit)
    {
        var validator = new Validator().Text("q", q, MaxQueryLength, required: true).Text("tag", tag, JournalEndpoints.MaxTagLength).Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        var fromDate = QueryValues.Date("from", from, validator);
        var toDate = QueryValues.Date("to", to, validator);
        var moodLabel = QueryValues.Mood("mood", mood, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IJournalGrain>(context.User.GetUserId()).SearchAsync(new SearchQuery(
            q!, moodLabel, string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().ToLowerInvariant(), fromDate, toDate, cursor, take));
        return TypedResults.Ok(result);
    }
}
