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
    public async Task A_summary_read_through_either_node_shows_a_write_made_through_the_other_even_after_its_grain_moved()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => JournalClient.RegisterAsync(_nodes.A)));
        var onA = users.Select(user => user.Http).ToArray();
        var onB = users.Select(_nodes.OnB).ToArray();
        var keptCopies = 0;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < users.Length; i++)
            {
                // Both nodes read first, so that the silo holding the grain keeps a copy.
                Assert.Equal(2 * round, await CheckInsAsync(onA[i]));
                Assert.Equal(2 * round, await CheckInsAsync(onB[i]));
                keptCopies += KeptCopies(users[i]);
                (await onA[i].PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 3 })).EnsureSuccessStatusCode();
                Assert.Equal(2 * round + 1, await CheckInsAsync(onB[i]));
                (await onB[i].PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 4 })).EnsureSuccessStatusCode();
                Assert.Equal(2 * round + 2, await CheckInsAsync(onA[i]));
            }
            // Every idle activation goes: the next ones may live on the other silo, and the old one's copy must not answer.
            await _nodes.A.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            Assert.Equal(0, users.Sum(KeptCopies));
        }
        Assert.Equal(3 * users.Length, keptCopies); // one node each time, the one holding the grain
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
