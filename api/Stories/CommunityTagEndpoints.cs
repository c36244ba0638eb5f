using Journal.Api.Http;
using Journal.GrainInterfaces.Stories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Stories;

/// <summary>The community tag taxonomy stories are tagged from (seed 004's shared vocabulary).</summary>
public static class CommunityTagEndpoints
{
    public static void MapCommunityTagEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/community/tags", List).WithTags("Stories").RequireAuthorization().WithSummary("List the community's tags");

    private static Ok<ItemsResponse<string>> List() => TypedResults.Ok(new ItemsResponse<string>(CommunityTags.All));
}
