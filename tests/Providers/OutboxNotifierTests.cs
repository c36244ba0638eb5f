using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Journal.Persistence.Connections;
using Journal.Persistence.Streams;
using Journal.Silo;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Journal.Tests.Providers;

/// <summary>
/// The outbox's notifications, sent after the appends committed: every partition named is notified,
/// a burst of commits shares few notifications, and the connection the notifier borrowed goes back to
/// the pool still committing durably.
/// </summary>
public sealed class OutboxNotifierTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int Partitions = 8;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task A_burst_of_commits_wakes_each_partition_named_with_few_notifications()
    {
        var notifier = new OutboxNotifier("burst", Partitions, Spacing, database.DataSource, NullLogger<OutboxNotifier>.Instance);
        await using var listener = await ListenAsync(notifier.Channel);

        notifier.Notify(0);
        await Eventually.True(() => listener.Received.Contains("0"), "the first partition named was notified");

        // Commits without pause for a tenth of a second: thousands of them.
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 100)
        {
            notifier.Notify(3);
            await Task.Yield();
        }
        var burst = clock.Elapsed;
        notifier.Notify(1);
        notifier.Notify(6);

        await Eventually.True(() => listener.Received.Contains("1") && listener.Received.Contains("6"), "the last partitions named were notified");
        var forThree = listener.Received.Count(payload => payload == "3");
        // At most one notification per spacing, give or take the first and the last.
        Assert.InRange(forThree, 1, burst / Spacing + 2);
        Assert.DoesNotContain(listener.Received, payload => payload is not ("0" or "1" or "3" or "6"));
    }

    [Fact]
    public async Task The_connection_it_used_returns_to_the_pool_committing_durably()
    {
        // As the silo builds it: pooled connections are handed over without a reset.
        await using var dataSource = SiloConfiguration.CreateDataSource(database.ConnectionString + ";Maximum Pool Size=1");
        var notifier = new OutboxNotifier("durable", Partitions, Spacing, dataSource, NullLogger<OutboxNotifier>.Instance);
        await using var listener = await ListenAsync(notifier.Channel);

        notifier.Notify(2);
        await Eventually.True(() => listener.Received.Contains("2"), "the partition was notified");

        // The pool's only connection is the one the notification committed on, without waiting for its flush.
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal("on", await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit"));
    }

    private async Task<Listener> ListenAsync(string channel)
    {
        var connection = await DedicatedConnection.OpenAsync(database.DataSource, CancellationToken.None);
        var listener = new Listener(connection);
        await connection.ExecuteAsync($"LISTEN \"{channel}\"");
        listener.Start();
        return listener;
    }

    /// <summary>Collects the payloads of a LISTEN connection's notifications until disposed.</summary>
    private sealed class Listener(NpgsqlConnection connection) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _waiting = Task.CompletedTask;

        public ConcurrentQueue<string> Received { get; } = new();

        public void Start()
        {
            connection.Notification += (_, e) => Received.Enqueue(e.Payload);
            _waiting = Task.Run(async () =>
            {
                try
                {
                    while (true) await connection.WaitAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _waiting;
            await connection.DisposeAsync();
        }
    }
}
