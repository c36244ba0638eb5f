using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>A test class against the real API (and its silo) on the class's own database.</summary>
public abstract class ApiTest(PostgresDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    protected PostgresDatabase Database => database;

    protected ApiFactory Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiFactory(database, settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    /// <summary>
    /// Stops the host, runs <paramref name="whileStopped"/> (e.g. leaves the database as a crash
    /// would), then starts a new host on the same database.
    /// </summary>
    protected async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await Api.DisposeAsync();
        if (whileStopped is not null) await whileStopped();
        Api = new ApiFactory(database, settings);
        _ = Api.Server; // starts it, and with it the stream agents and reminders
    }
}
