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
/// What a heavy writer costs the insights grain: its state (one record per active day, none per entry)
/// is written whole on every delivery. docs/INSIGHTS.md reports the figures this prints.
/// </summary>
public sealed class InsightsStateSizeTests(PostgresDatabase database, ITestOutputHelper output)
    // The state is written a moment after the events, so the test reads it as the figures stand.
    : ApiTest(database, new Dictionary<string, string> { ["Streams:ConsumerWriteDelay"] = "00:00:00.200" })
{
    private const int Entries = 1_000;
    private const int Days = 300;
    private const int More = 20;

    /// <summary>A budget per active day, so the state cannot grow unnoticed (measured: about 305 bytes, as jsonb prints it).</summary>
    private const int MaxBytesPerDay = 400;

    /// <summary>What 20 more entries on a day already there may add: digits of its counts, not records (an entry's record was about 220 bytes).</summary>
    private const int MaxBytesForMore = 100;

    [Fact]
    public async Task A_thousand_entries_keep_the_state_within_its_budget_per_day_and_more_entries_on_a_day_add_nothing()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var grains = Api.Services.GetRequiredService<IGrainFactory>();
        var journal = grains.GetGrain<IJournalGrain>(user.UserId);
        // Written straight to the grain, with no request: the user's clock is asked for once.
        var userClock = await grains.RequireClockAsync(user.UserId);
        var today = await user.TodayAsync();
        for (var i = 0; i < Entries; i++)
            await journal.CreateAsync(new NewEntry(null, $"Entry {i}: a calm walk and some work worries.", Journal.GrainInterfaces.MoodLabel.Happy,
                null, ["walk", "work"], today.AddDays(-(i % Days)), null, null, false, null), userClock, null);
        var insights = Api.Insights(user.UserId);
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == Entries, "the figures caught up", 60_000);
        await Database.InsightsWrittenAsync();
        var bytes = await StateBytesAsync(user.UserId);

        var latencies = new List<double>();
        for (var i = 0; i < More; i++)
        {
            var clock = Stopwatch.StartNew();
            await journal.CreateAsync(new NewEntry(null, "One more.", null, null, [], today, null, null, false, null), userClock, null);
            await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == Entries + i + 1, "the figures caught up");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        await Database.InsightsWrittenAsync();
        var bytesAfter = await StateBytesAsync(user.UserId);

        latencies.Sort();
        output.WriteLine($"state: {bytes:N0} bytes for {Entries} entries on {Days} days ({bytes / Days} per day), {bytesAfter:N0} after {More} more on one of them; " +
            $"write to figures: median {latencies[More / 2]:F0} ms, max {latencies[^1]:F0} ms");
        Assert.True(bytes < Days * MaxBytesPerDay, $"{bytes} bytes");
        Assert.True(bytesAfter - bytes < MaxBytesForMore, $"{bytes} → {bytesAfter} bytes");
    }

    private async Task<int> StateBytesAsync(Guid userId)
    {
        await using var connection = Database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT octet_length(payload::text) FROM grain_state WHERE grain_type = 'insights' AND grain_key = @key", new { key = userId.ToString("N") });
    }
}
