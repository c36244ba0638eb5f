using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Grains.Progress;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Cluster;

/// <summary>
/// Each node answers a summary from the copy its silo's progress activation keeps
/// (<see cref="LocalProgressSummaries"/>), yet a summary read through either node shows a write made
/// through the other as soon as it returned, also after the activations went and came back, perhaps on
/// the other silo.
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class CrossNodeSummaryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private TwoNodes _nodes = null!;

    public async Task InitializeAsync()
    {
        _nodes = database.Shared(() => new TwoNodes(database));
        await _nodes.JoinedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_summary_read_through_either_node_shows_a_write_made_through_the_other_also_after_its_grain_went_and_came_back()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => JournalClient.RegisterAsync(_nodes.A)));
        var onA = users.Select(user => user.Http).ToArray();
        var onB = users.Select(_nodes.OnB).ToArray();
        var management = _nodes.A.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < users.Length; i++)
            {
                // Both nodes read, so that the one holding the grain keeps a copy. An event the stream brings
                // (the registration's login) drops it, and the next read keeps it again.
                var expected = 2 * round;
                await Eventually.True(async () =>
                {
                    Assert.Equal(expected, await CheckInsAsync(onA[i]));
                    Assert.Equal(expected, await CheckInsAsync(onB[i]));
                    return KeptCopies(users[i]) == 1;
                }, "the node holding the user's progress grain keeps the summary, the other not");
                (await onA[i].PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 3 })).EnsureSuccessStatusCode();
                Assert.Equal(expected + 1, await CheckInsAsync(onB[i]));
                (await onB[i].PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 4 })).EnsureSuccessStatusCode();
                Assert.Equal(expected + 2, await CheckInsAsync(onA[i]));
            }
            // Every idle activation goes (a busy one at the next try): the next ones may live on the other
            // silo, and no copy of a gone activation may answer.
            await Eventually.True(async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                return users.Sum(KeptCopies) == 0;
            }, "every collected activation dropped its copy");
        }
    }

    // How many of the two nodes keep the user's summary for some day around now.
    private int KeptCopies(JournalClient user) => new[] { _nodes.A, _nodes.B }.Sum(node =>
    {
        var summaries = node.Services.GetRequiredService<LocalProgressSummaries>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new[] { today.AddDays(-1), today, today.AddDays(1) }.Count(day => summaries.Find(user.UserId, day) is not null);
    });

    private static async Task<int> CheckInsAsync(HttpClient http) =>
        (int)(await http.GetFromJsonAsync<JsonObject>("/v1/me/summary"))!["today"]!["checkins"]!;
}
