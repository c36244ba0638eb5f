using System.Net;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.SecretTags;

/// <summary>Wrong phrases are limited per user, and unlock tokens expire (a host with a small limit and a short token life).</summary>
public sealed class SecretPhraseThrottleTests(PostgresDatabase database) : ApiTest(database, new Dictionary<string, string>(SecretTagClient.CheapKdf)
{
    ["SecretTags:MaxFailures"] = "3",
    ["SecretTags:UnlockLifetime"] = "00:00:10",
})
{
    private const string Phrase = "purple elephants at dawn";

    [Fact]
    public async Task Wrong_phrases_past_the_limit_are_refused_with_retry_after_over_all_the_users_tags()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var first = await user.SecretTagAsync(Phrase, name: "One");
        var second = await user.SecretTagAsync("a phrase I know well", name: "Two");

        await JournalClient.ProblemAsync(await user.TryUnlockAsync(first, "wrong guess 1"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await user.TryUnlockAsync(second, "wrong guess 2"), HttpStatusCode.Forbidden);
        // A right phrase takes back only its own attempt: it does not reset the count of the wrong ones.
        await user.UnlockAsync(second, "a phrase I know well");
        await JournalClient.ProblemAsync(await user.TryUnlockAsync(first, "wrong guess 3"), HttpStatusCode.Forbidden);

        var refused = await user.TryUnlockAsync(first, Phrase);
        var problem = await JournalClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("secret-phrase-throttled", (string)problem["type"]!);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 15 * 60);

        // The limit is the user's: another user's unlocks are not affected.
        var other = await JournalClient.RegisterAsync(Api);
        var theirs = await other.SecretTagAsync(Phrase);
        await other.UnlockAsync(theirs, Phrase);
    }

    [Fact]
    public async Task An_expired_token_opens_nothing()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase);
        var unlocked = await user.PostJsonAsync($"/v1/journal/secret-tags/{tag}/unlock", new { phrase = Phrase }, HttpStatusCode.OK);
        var unlock = (string)unlocked["token"]!;
        // Writing under the tag proves the token opened it while it was fresh.
        var secret = (string)(await user.SecretEntryAsync(tag, unlock, "Short-lived access."))["id"]!;

        var wait = DateTimeOffset.Parse((string)unlocked["expiresAt"]!) - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);

        Assert.Empty(await user.EntryIdsAsync(unlock));
        await JournalClient.ProblemAsync(await user.SendAsync(HttpMethod.Get, $"/v1/journal/entries/{secret}", unlock), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(
            await user.SendAsync(HttpMethod.Post, "/v1/journal/entries", unlock, new { content = "Too late.", secretTagId = tag }), HttpStatusCode.Forbidden);
    }
}
