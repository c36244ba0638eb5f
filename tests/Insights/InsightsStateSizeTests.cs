using System.Diagnostics;
using Dapper;
using Journal.GrainInterfaces.Journal;
using Journal.Grains.Activity;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Journal.Tests.Insights;

/// <summary>
/// What a heavy writer costs the insights grain: its state (one record per live entry, one per day)
/// is written whole on every delivery. docs/INSIGHTS.md reports the figures this prints.
/// </summary>
public sealed class InsightsStateSizeTests(PostgresDatabase database, ITestOutputHelper output) : ApiTest(database)
{
    private const int Entries = 1_000;

    /// <summary>A budget per entry, so the state cannot grow unnoticed (measured: about 220 bytes).</summary>
    private const int MaxBytesPerEntry = 300;

    [Fact]
    public async Task A_thousand_entries_keep_the_state_within_its_budget_and_a_write_still_reaches_the_figures_quickly()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var grains = Api.Services.GetRequiredService<IGrainFactory>();
        var journal = grains.GetGrain<IJournalGrain>(user.UserId);
        // Written straight to the grain, with no request: the user's clock is asked for once.
        var userClock = await grains.RequireClockAsync(user.UserId);
        var today = await user.TodayAsync();
        for (var i = 0; i < Entries; i++)
            await journal.CreateAsync(new NewEntry(null, $"Entry {i}: a calm walk and some work worries.", Journal.GrainInterfaces.MoodLabel.Happy,
                null, ["walk", "work"], today.AddDays(-(i % 300)), null, null, false, null), userClock, null);
        var insights = Api.Insights(user.UserId);
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == Entries, "the figures caught up", 60_000);

        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await journal.CreateAsync(new NewEntry(null, "One more.", null, null, [], today, null, null, false, null), userClock, null);
            await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == Entries + i + 1, "the figures caught up");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        await using var connection = Database.DataSource.CreateConnection();
        var bytes = await connection.ExecuteScalarAsync<int>(
            "SELECT octet_length(payload::text) FROM grain_state WHERE grain_type = 'insights' AND grain_key = @key", new { key = user.UserId.ToString("N") });

        latencies.Sort();
        output.WriteLine($"state: {bytes:N0} bytes for {Entries + 20} entries on 300 days ({bytes / (Entries + 20)} per entry); write to figures: median {latencies[10]:F0} ms, max {latencies[^1]:F0} ms");
        Assert.True(bytes < (Entries + 20) * MaxBytesPerEntry, $"{bytes} bytes");
    }
}
