using Dapper;
using Journal.Persistence.Storage;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Journal.Tests.Providers;

/// <summary>
/// Group commit in <see cref="PostgresGrainStorage"/> (its <see cref="StateWriteBatcher"/>) against the
/// real server: concurrent state writes share transactions, and each still checks its own version and
/// fails on its own.
/// </summary>
public sealed class StateWriteBatchTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string GrainType = "test-batch";

    private readonly PostgresGrainStorage _storage = new(database.DataSource, new ServiceCollection().BuildServiceProvider());

    [Fact]
    public async Task Concurrent_writes_all_commit_and_share_transactions()
    {
        var states = Enumerable.Range(0, 200).Select(i => NewState($"note {i}")).ToList();

        await Task.WhenAll(states.Select((state, i) => Write(Grain("shared", i), state)));

        Assert.All(states, state => Assert.Equal("1", state.ETag));
        var (rows, transactions) = await RowsAndTransactions("shared-%");
        Assert.Equal(200, rows);
        Assert.True(transactions < 200, $"200 concurrent writes should share commits; they used {transactions} transactions");
    }

    [Fact]
    public async Task A_stale_version_in_a_batch_fails_only_that_write()
    {
        var stale = NewState("stale");
        await Write(Grain("conflict", 0), stale);
        stale.ETag = "7"; // the stored version is 1
        var others = Enumerable.Range(1, 99).Select(i => NewState($"note {i}")).ToList();

        var (writes, conflict) = await WhileEveryWriterIsBusy("conflict", () =>
            (others.Select((state, i) => Write(Grain("conflict", i + 1), state)).ToList(), Write(Grain("conflict", 0), stale)));

        await Task.WhenAll(writes);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        Assert.Equal("1", error.StoredEtag);
        Assert.Equal("7", error.CurrentEtag);
        Assert.All(others, state => Assert.Equal("1", state.ETag));
        var (rows, transactions) = await RowsAndTransactions("conflict-%");
        Assert.Equal(100, rows);
        Assert.True(transactions < 99, $"the queued writes should have been written in batches; they used {transactions} transactions");
    }

    [Fact]
    public async Task A_write_the_server_rejects_fails_alone_and_the_others_of_its_batch_commit()
    {
        var rejected = NewState("nul \0 is not allowed in jsonb");
        var others = Enumerable.Range(1, 99).Select(i => NewState($"note {i}")).ToList();

        var (writes, failing) = await WhileEveryWriterIsBusy("rejected", () =>
        {
            // In the middle of the queue: it is batched with others, whichever way the writers split it.
            var before = others.Take(50).Select((state, i) => Write(Grain("rejected", i + 1), state)).ToList();
            var bad = Write(Grain("rejected", 0), rejected);
            var after = others.Skip(50).Select((state, i) => Write(Grain("rejected", i + 51), state)).ToList();
            return ([.. before, .. after], bad);
        });

        await Task.WhenAll(writes);
        var error = await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Equal(PostgresErrorCodes.UntranslatableCharacter, error.SqlState);
        Assert.Null(rejected.ETag);
        Assert.All(others, state => Assert.Equal("1", state.ETag));
        Assert.Equal(99, (await RowsAndTransactions("rejected-%")).Rows);
    }

    /// <summary>
    /// Makes the batcher's writers (at most 4) all wait on row locks the test holds, queues the writes
    /// <paramref name="queue"/> starts, then lets the writers go: the queued writes are then written in
    /// batches, never alone because a writer happened to be free.
    /// </summary>
    private async Task<(List<Task> Writes, Task Watched)> WhileEveryWriterIsBusy(string prefix, Func<(List<Task>, Task)> queue)
    {
        var blockers = Enumerable.Range(0, 4).Select(i => (Grain: Grain(prefix + "-blocker", i), State: NewState("blocker"))).ToList();
        foreach (var (grain, state) in blockers) await Write(grain, state);
        await using var locker = await database.DataSource.OpenConnectionAsync();
        await using var locks = await locker.BeginTransactionAsync();
        await locker.ExecuteAsync("SELECT 1 FROM grain_state WHERE grain_type = @GrainType AND grain_key LIKE @Blockers FOR UPDATE",
            new { GrainType, Blockers = prefix + "-blocker-%" }, locks);
        var blocked = new List<Task>();
        foreach (var (grain, state) in blockers)
        {
            blocked.Add(Write(grain, state));
            var waiting = blocked.Count;
            await Eventually.True(async () => await WaitingOnLocks() >= waiting, $"{waiting} writers wait on the test's row locks");
        }

        var (writes, watched) = queue();

        await locks.RollbackAsync();
        await Task.WhenAll(blocked);
        return (writes, watched);
    }

    private async Task<long> WaitingOnLocks()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    private async Task<(long Rows, long Transactions)> RowsAndTransactions(string keys)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long)>(
            "SELECT count(*), count(DISTINCT xmin::text) FROM grain_state WHERE grain_type = @GrainType AND grain_key LIKE @keys AND grain_key NOT LIKE '%-blocker-%'",
            new { GrainType, keys });
    }

    private Task Write(GrainId grain, GrainState<Note> state) => _storage.WriteStateAsync("note", grain, state);

    private static GrainId Grain(string prefix, int i) => GrainId.Create(GrainType, $"{prefix}-{i}");

    private static GrainState<Note> NewState(string text) => new(new Note { Text = text });

    public sealed class Note
    {
        public string Text { get; set; } = "";
    }
}
