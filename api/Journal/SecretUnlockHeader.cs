using Journal.Api.OpenApi;
using Journal.GrainInterfaces.Journal;

namespace Journal.Api.Journal;

/// <summary>
/// The <c>X-Secret-Tag-Unlock</c> request header: the unlock tokens of secret tags
/// (POST /v1/journal/secret-tags/{id}/unlock), comma-separated or repeated. A journal read shows the
/// entries of the tags it carries; a write into or out of a secret tag needs that tag's token.
/// Tokens that do not open (expired, another user's) are ignored by the grain: their entries stay hidden.
/// </summary>
public static class SecretUnlockHeader
{
    public const string Name = "X-Secret-Tag-Unlock";

    /// <summary>More than a user would unlock at once; further tokens are not read.</summary>
    public const int MaxTokens = 10;

    public static SecretUnlocks Read(HttpContext context)
    {
        var tokens = context.Request.Headers[Name]
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Take(MaxTokens)
            .ToList();
        return tokens.Count == 0 ? SecretUnlocks.None : new SecretUnlocks([.. tokens]);
    }

    /// <summary>States the header in the OpenAPI document.</summary>
    public static RouteHandlerBuilder AcceptsSecretUnlocks(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new HeaderParameter(Name,
        $"Unlock tokens of secret tags (POST /v1/journal/secret-tags/{{id}}/unlock), comma-separated, at most {MaxTokens}: the entries of those tags are included.",
        Required: false, MaxLength: 4096, Pattern: "^[A-Za-z0-9_, -]+$"));
}
