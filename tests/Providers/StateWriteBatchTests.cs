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
/// real server: concurrent state writes, with or without a unit of work's row changes, share
/// transactions, and each still checks its own version and fails on its own, its row changes with it.
/// The storage reaches the server through an <see cref="AnswerLosingProxy"/>, which passes everything
/// on but for the one test that has it lose an answer.
/// </summary>
public sealed class StateWriteBatchTests : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string GrainType = "test-batch";

    private readonly PostgresDatabase _database;
    private readonly AnswerLosingProxy _proxy;
    private readonly NpgsqlDataSource _throughProxy;
    private readonly PostgresGrainStorage _storage;

    public StateWriteBatchTests(PostgresDatabase database)
    {
        _database = database;
        _proxy = new AnswerLosingProxy(database.ConnectionString);
        _throughProxy = NpgsqlDataSource.Create(_proxy.ConnectionString);
        _storage = new PostgresGrainStorage(_throughProxy, new ServiceCollection().BuildServiceProvider());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _throughProxy.DisposeAsync();
        await _proxy.DisposeAsync();
    }

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

    [Fact]
    public async Task Concurrent_writes_with_row_changes_commit_each_state_with_its_rows_and_share_transactions()
    {
        await CreateRowTable();
        var states = Enumerable.Range(0, 200).Select(i => NewState($"note {i}")).ToList();

        await Task.WhenAll(states.Select((state, i) => WriteWithRow(Grain("rows", i), state, $"row {i}")));

        Assert.All(states, state => Assert.Equal("1", state.ETag));
        Assert.Equal(200, await RowsInTheStatesTransaction("rows-%"));
        var (rows, transactions) = await RowsAndTransactions("rows-%");
        Assert.Equal(200, rows);
        Assert.True(transactions < 200, $"200 concurrent writes with row changes should share commits; they used {transactions} transactions");
    }

    [Fact]
    public async Task A_stale_write_with_row_changes_in_a_batch_fails_alone_and_its_rows_are_not_written()
    {
        await CreateRowTable();
        var stale = NewState("stale");
        await Write(Grain("stale-rows", 0), stale);
        stale.ETag = "7"; // the stored version is 1

        var (others, conflict) = await AmongOtherWrites("stale-rows", () => WriteWithRow(Grain("stale-rows", 0), stale, "the stale writer's row"));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        Assert.Equal("1", error.StoredEtag);
        Assert.Equal(0, await RowCount("the stale writer's row"));
        await AssertCommittedInBatches("stale-rows", others, stateRows: 100);
    }

    [Fact]
    public async Task A_row_change_the_server_rejects_fails_its_write_alone_and_the_others_of_its_batch_commit()
    {
        await CreateRowTable();
        var rejected = NewState("its row breaks a constraint");

        var (others, failing) = await AmongOtherWrites("bad-row", () => WriteWithRow(Grain("bad-row", 0), rejected, note: null));

        var error = await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
        Assert.Null(rejected.ETag);
        await AssertCommittedInBatches("bad-row", others, stateRows: 99);
    }

    [Fact]
    public async Task A_parameter_Npgsql_cannot_send_fails_its_write_alone_and_the_others_of_its_batch_commit()
    {
        await CreateRowTable();
        var refused = NewState("its row's parameter has no PostgreSQL type");

        var (others, failing) = await AmongOtherWrites("bad-parameter", () => _storage.WriteStateAsync("note", Grain("bad-parameter", 0), refused,
            new UnitOfWork().Execute("INSERT INTO batch_rows (grain_key, note) VALUES (@Key, @Note)", new { Key = "bad-parameter-0", Note = new Version(1, 2) }),
            CancellationToken.None));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => failing);
        Assert.IsNotAssignableFrom<NpgsqlException>(error);
        Assert.Null(refused.ETag);
        await AssertCommittedInBatches("bad-parameter", others, stateRows: 99);
    }

    [Fact]
    public async Task A_batch_whose_answer_is_lost_before_it_began_fails_its_writes_and_reports_none_as_a_conflict()
    {
        await CreateRowTable();
        var states = Enumerable.Range(0, 100).Select(i => NewState($"note {i}")).ToList();

        // Every write has a row; the proxy loses the answer to the batch that carries the marker in one.
        var (writes, lost) = await WhileEveryWriterIsBusy("lost", () =>
        {
            var before = Enumerable.Range(1, 50).Select(i => WriteWithRow(Grain("lost", i), states[i], $"row {i}")).ToList();
            var marked = WriteWithRow(Grain("lost", 0), states[0], AnswerLosingProxy.Marker);
            var after = Enumerable.Range(51, 49).Select(i => WriteWithRow(Grain("lost", i), states[i], $"row {i}")).ToList();
            return ([.. before, .. after], marked);
        });
        var outcomes = await Task.WhenAll(writes.Append(lost).Select(write => Record.ExceptionAsync(() => write)));

        // The server did commit that batch: a write of it reported as a conflict would tell its grain that
        // someone else wrote its state. Each is reported failed, and the next activation reads what was stored.
        Assert.DoesNotContain(outcomes, outcome => outcome is InconsistentStateException);
        var error = Assert.IsType<PostgresException>(await Record.ExceptionAsync(() => lost));
        Assert.Equal(PostgresErrorCodes.ConnectionFailure, error.SqlState);
        Assert.Equal(1, _proxy.AnswersLost); // not retried
        Assert.True(outcomes.Count(outcome => outcome is not null) > 1, "the marked write should have been batched with others");
        Assert.Equal(100, await RowsInTheStatesTransaction("lost-%"));
    }

    /// <summary>
    /// Queues 99 other writes around the one <paramref name="write"/> starts (50 before it, 49 after), while
    /// every writer is busy: it is batched with others, whichever way the writers split the queue. Every
    /// other one of the 99 has a row change, so batches mix writes with and without. Returns the 99
    /// states, once written, and the watched write.
    /// </summary>
    private async Task<(List<GrainState<Note>> Others, Task Watched)> AmongOtherWrites(string prefix, Func<Task> write)
    {
        var others = Enumerable.Range(1, 99).Select(i => NewState($"note {i}")).ToList();
        Task WriteOther(int i) => i % 2 == 0
            ? WriteWithRow(Grain(prefix, i), others[i - 1], $"row {i}")
            : Write(Grain(prefix, i), others[i - 1]);
        var (writes, watched) = await WhileEveryWriterIsBusy(prefix, () =>
        {
            var before = Enumerable.Range(1, 50).Select(WriteOther).ToList();
            var written = write();
            var after = Enumerable.Range(51, 49).Select(WriteOther).ToList();
            return ([.. before, .. after], written);
        });
        await Task.WhenAll(writes);
        return (others, watched);
    }

    // The others all committed, the 49 with a row each in its state's transaction, and not one transaction each.
    private async Task AssertCommittedInBatches(string prefix, List<GrainState<Note>> others, int stateRows)
    {
        Assert.All(others, state => Assert.Equal("1", state.ETag));
        Assert.Equal(49, await RowsInTheStatesTransaction(prefix + "-%"));
        var (rows, transactions) = await RowsAndTransactions(prefix + "-%");
        Assert.Equal(stateRows, rows);
        Assert.True(transactions < 99, $"the queued writes should have been written in batches; they used {transactions} transactions");
    }

    /// <summary>
    /// Makes the batcher's writers (all <see cref="StateWriteBatcher.MaxWriters"/>) wait on row locks the
    /// test holds, queues the writes <paramref name="queue"/> starts, then lets the writers go: the queued
    /// writes are then written in batches, never alone because a writer happened to be free.
    /// </summary>
    private async Task<(List<Task> Writes, Task Watched)> WhileEveryWriterIsBusy(string prefix, Func<(List<Task>, Task)> queue)
    {
        var blockers = Enumerable.Range(0, StateWriteBatcher.MaxWriters).Select(i => (Grain: Grain(prefix + "-blocker", i), State: NewState("blocker"))).ToList();
        foreach (var (grain, state) in blockers) await Write(grain, state);
        await using var locker = await _database.DataSource.OpenConnectionAsync();
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
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    private async Task<(long Rows, long Transactions)> RowsAndTransactions(string keys)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long)>(
            "SELECT count(*), count(DISTINCT xmin::text) FROM grain_state WHERE grain_type = @GrainType AND grain_key LIKE @keys AND grain_key NOT LIKE '%-blocker-%'",
            new { GrainType, keys });
    }

    private async Task CreateRowTable()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS batch_rows (grain_key text NOT NULL, note text NOT NULL)");
    }

    // A row change in the write's unit of work: a row for the grain, in the table CreateRowTable makes.
    private Task WriteWithRow(GrainId grain, GrainState<Note> state, string? note) =>
        _storage.WriteStateAsync("note", grain, state,
            new UnitOfWork().Execute("INSERT INTO batch_rows (grain_key, note) VALUES (@Key, @Note)", new { Key = grain.Key.ToString(), Note = note }),
            CancellationToken.None);

    private async Task<long> RowCount(string note)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM batch_rows WHERE note = @note", new { note });
    }

    // Rows written in the same transaction as their grain's state, one for each state.
    private async Task<long> RowsInTheStatesTransaction(string keys)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM batch_rows r JOIN grain_state s ON s.grain_type = @GrainType AND s.grain_key = r.grain_key AND s.xmin = r.xmin
            WHERE r.grain_key LIKE @keys
            """,
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
