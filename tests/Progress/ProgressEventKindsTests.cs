using Journal.GrainInterfaces.Progress;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Progress;

/// <summary>
/// The progress grain and the event kinds it does not count (edits, AI-usage logs, logins, consent
/// changes): they grow nothing, but move their source's sequence, so the source's next counted event
/// is applied at once when it is handed over.
/// </summary>
public sealed class ProgressEventKindsTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task An_ignored_kind_moves_its_sources_sequence_and_grows_nothing()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "UTC");
        var progress = Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IProgressGrain>(user.UserId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        ActivityEvent Event(long sequence, ActivityEventKind kind) =>
            new("kinds-test", sequence, kind, Guid.NewGuid(), today, DateTimeOffset.UtcNow, "UTC", 0, 3);

        await progress.ApplyAsync(Event(1, ActivityEventKind.EntryCreated));
        var before = await progress.GetSummaryAsync(today);
        await progress.ApplyAsync(Event(2, ActivityEventKind.EntryUpdated));
        await progress.ApplyAsync(Event(3, ActivityEventKind.AiUsageLogged));
        await progress.ApplyAsync(Event(4, ActivityEventKind.LoggedIn));
        await progress.ApplyAsync(Event(5, ActivityEventKind.DataProcessingWithdrawn));
        var ignored = await progress.GetSummaryAsync(today);
        await progress.ApplyAsync(Event(6, ActivityEventKind.CheckInCreated));

        Assert.Equal((1, 0), (ignored.Today.Entries, ignored.Today.CheckIns));
        Assert.Equal(before.Garden.GrowthPoints, ignored.Garden.GrowthPoints);
        Assert.Equal(1, (await progress.GetSummaryAsync(today)).Today.CheckIns); // applied at once: 6 was the next of its source
    }
}
