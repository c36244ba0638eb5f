using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>
/// A test class against the real API (and its co-hosted silo) on the class's own database. The tests
/// of a class share one host, started by the first test and stopped with the class's database: an
/// Orleans silo takes seconds to start and stop, and each test registers users of its own.
/// </summary>
public abstract class ApiTest(PostgresDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    protected PostgresDatabase Database => database;

    protected ApiFactory Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = database.Shared(() => new ApiFactory(database, settings));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Stops the host, runs <paramref name="whileStopped"/> (e.g. leaves the database as a crash
    /// would), then starts a new host on the same database, which the class's next tests share.
    /// </summary>
    protected async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await database.StopSharedAsync();
        if (whileStopped is not null) await whileStopped();
        Api = database.Shared(() => new ApiFactory(database, settings));
        _ = Api.Server; // starts it, and with it the stream agents and reminders
    }
}
