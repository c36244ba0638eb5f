using Dapper;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Npgsql;

namespace Journal.Tests.Persistence;

/// <summary>
/// Concurrent state writes share transactions (group commit); each write still checks its own
/// version and fails on its own.
/// </summary>
public sealed class StateWriteBatchTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Concurrent_writes_all_commit_and_share_transactions()
    {
        var storage = new PostgresGrainStorage(database.DataSource);
        var states = Enumerable.Range(0, 200).Select(i => new Note { Text = $"note {i}" }).Select(NoteState.Of).ToList();

        await Task.WhenAll(states.Select((state, i) => storage.WriteStateAsync("note", Grain("shared", i), state, null, CancellationToken.None)));

        Assert.All(states, state => Assert.Equal("1", state.ETag));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QuerySingleAsync<(long Rows, long Transactions)>(
            "SELECT count(*), count(DISTINCT xmin::text) FROM grain_state WHERE grain_type = 'BatchTest' AND grain_key LIKE 'shared-%'");
        Assert.Equal(200, rows.Rows);
        Assert.True(rows.Transactions < 200, $"200 concurrent writes should share commits; they used {rows.Transactions} transactions");
    }

    [Fact]
    public async Task A_stale_version_among_concurrent_writes_fails_only_that_write()
    {
        var storage = new PostgresGrainStorage(database.DataSource);
        var stale = NoteState.Of(new Note { Text = "stale" });
        await storage.WriteStateAsync("note", Grain("conflict", 0), stale, null, CancellationToken.None);
        stale.ETag = "7"; // the stored version is 1
        var others = Enumerable.Range(1, 99).Select(i => NoteState.Of(new Note { Text = $"note {i}" })).ToList();

        var writes = others.Select((state, i) => storage.WriteStateAsync("note", Grain("conflict", i + 1), state, null, CancellationToken.None)).ToList();
        var conflict = storage.WriteStateAsync("note", Grain("conflict", 0), stale, null, CancellationToken.None);

        await Task.WhenAll(writes);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        Assert.Equal("1", error.StoredEtag);
        Assert.All(others, state => Assert.Equal("1", state.ETag));
    }

    [Fact]
    public async Task A_write_the_server_rejects_fails_alone_and_the_others_of_its_batch_commit()
    {
        var storage = new PostgresGrainStorage(database.DataSource);
        var rejected = NoteState.Of(new Note { Text = "nul \0 is not allowed in jsonb" });
        var others = Enumerable.Range(1, 99).Select(i => NoteState.Of(new Note { Text = $"note {i}" })).ToList();

        var writes = others.Select((state, i) => storage.WriteStateAsync("note", Grain("rejected", i + 1), state, null, CancellationToken.None)).ToList();
        var failing = storage.WriteStateAsync("note", Grain("rejected", 0), rejected, null, CancellationToken.None);

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Null(rejected.ETag);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(99, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM grain_state WHERE grain_type = 'BatchTest' AND grain_key LIKE 'rejected-%'"));
    }

    private static GrainId Grain(string prefix, int i) => new("BatchTest", $"{prefix}-{i}");

    public sealed class Note
    {
        public string Text { get; set; } = "";
    }

    private sealed class NoteState : IGrainState<Note>
    {
        public Note State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }

        public static NoteState Of(Note note) => new() { State = note };
    }
}
