using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Journal.Tests.Providers;

/// <summary>A grain's row changes and its state version commit in one transaction, or not at all; a stale activation can never write.</summary>
public sealed class UnitOfWorkTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS notes (id uuid PRIMARY KEY, owner text NOT NULL, body text NOT NULL)");
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS note_links (note_id uuid NOT NULL REFERENCES notes (id) DEFERRABLE INITIALLY DEFERRED)");
        }
        _cluster = await TestSilos.StartAsync(database);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private INotesGrain Notes(string owner, InProcessTestCluster? cluster = null) => (cluster ?? _cluster).Client.GetGrain<INotesGrain>(owner);

    [Fact]
    public async Task Row_changes_and_state_commit_together()
    {
        await Notes("alice").Add(Guid.NewGuid(), "first", failAfterInsert: false);
        await Notes("alice").Add(Guid.NewGuid(), "second", failAfterInsert: false);

        Assert.Equal(2, await CountRows("alice"));
        Assert.Equal(2, await StoredVersion("alice"));
        Assert.Equal(2, await Notes("alice").Count());
    }

    [Fact]
    public async Task A_failure_after_the_row_change_leaves_nothing_behind()
    {
        await Notes("bob").Add(Guid.NewGuid(), "kept", failAfterInsert: false);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Notes("bob").Add(Guid.NewGuid(), "lost", failAfterInsert: true));

        Assert.Contains("division by zero", error.Message);
        Assert.Equal(1, await CountRows("bob"));
        Assert.Equal(1, await StoredVersion("bob"));
        await Eventually.True(async () => await Notes("bob").Count() == 1, "the activation was dropped and the next one read the committed state");
    }

    [Fact]
    public async Task A_unit_of_work_that_fails_only_at_its_commit_leaves_nothing_behind()
    {
        await Notes("dora").Add(Guid.NewGuid(), "kept", failAfterInsert: false);

        // Every statement of the round trip succeeds; the deferred foreign key fails the commit itself.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Notes("dora").AddFailingAtCommit(Guid.NewGuid(), "lost"));

        Assert.Contains("violates foreign key constraint", error.Message);
        Assert.Equal(1, await CountRows("dora"));
        Assert.Equal(1, await StoredVersion("dora"));
        await Eventually.True(async () => await Notes("dora").Count() == 1, "the activation was dropped and the next one read the committed state");
    }

    [Fact]
    public async Task After_a_failed_write_the_activation_can_write_nothing_more()
    {
        await Notes("retrying-writer").Add(Guid.NewGuid(), "kept", failAfterInsert: false);

        // The grain catches the failure and writes its (changed) state again.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Notes("retrying-writer").AddThenWriteAgainAfterFailure(Guid.NewGuid(), "half"));

        Assert.Equal(1, await CountRows("retrying-writer"));
        Assert.Equal(1, await StoredVersion("retrying-writer"));
        await Eventually.True(async () => await Notes("retrying-writer").Count() == 1, "the next activation read the committed state");
    }

    [Fact]
    public async Task A_version_conflict_rolls_back_the_row_changes()
    {
        // A second cluster on the same database holds its own activation: a stale one, as after a split.
        await using var other = await TestSilos.StartAsync(database, silos: 1);
        await Notes("carol").Add(Guid.NewGuid(), "a1", failAfterInsert: false);
        await Notes("carol", other).Count(); // the other activation reads version 1
        await Notes("carol").Add(Guid.NewGuid(), "a2", failAfterInsert: false);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Notes("carol", other).Add(Guid.NewGuid(), "b1", failAfterInsert: false));

        Assert.Equal(2, await CountRows("carol"));
        Assert.Equal(0, await CountRows("carol", "b1"));
        await Eventually.True(async () => await Notes("carol", other).Count() == 2, "the stale activation was dropped and its successor read version 2");
    }

    [Fact]
    public async Task A_stale_writer_whose_row_change_fails_too_is_told_of_the_conflict()
    {
        await using var other = await TestSilos.StartAsync(database, silos: 1);
        var id = Guid.NewGuid();
        await Notes("grace", other).Count(); // the other activation reads "no record"
        await Notes("grace").Add(id, "first", failAfterInsert: false);

        // Its row change runs after the version check in the same round trip, and fails on the key the
        // current writer inserted: the conflict is what it is told.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Notes("grace", other).Add(id, "again", failAfterInsert: false));

        Assert.Equal(1, await CountRows("grace"));
        Assert.Equal(1, await StoredVersion("grace"));
    }

    [Fact]
    public async Task Clearing_state_with_row_changes_is_one_transaction_too()
    {
        await Notes("dave").Add(Guid.NewGuid(), "one", failAfterInsert: false);

        await Notes("dave").DeleteAll();

        Assert.Equal(0, await CountRows("dave"));
        Assert.Equal(2, await StoredVersion("dave")); // a tombstone: the version keeps growing
        Assert.Equal(0, await Notes("dave").Count());
    }

    [Fact]
    public async Task After_a_clear_and_a_new_write_an_activation_holding_the_old_version_cannot_overwrite()
    {
        await using var other = await TestSilos.StartAsync(database, silos: 1);
        await Notes("frank").Add(Guid.NewGuid(), "a1", failAfterInsert: false); // version 1
        await Notes("frank", other).DeleteAll(); // read version 1; the clear makes it 2
        await Notes("frank", other).Add(Guid.NewGuid(), "b1", failAfterInsert: false); // 3

        await Assert.ThrowsAsync<InconsistentStateException>(() => Notes("frank").Add(Guid.NewGuid(), "a-stale", failAfterInsert: false));

        Assert.Equal(3, await StoredVersion("frank"));
        Assert.Equal(0, await CountRows("frank", "a-stale"));
        await Eventually.True(async () => await Notes("frank").Count() == 1, "the stale activation reloaded the other's state");
    }

    [Fact]
    public async Task Clearing_a_state_created_elsewhere_since_it_was_read_is_a_conflict()
    {
        await using var other = await TestSilos.StartAsync(database, silos: 1);
        await Notes("erin", other).Count(); // reads "no record"
        await Notes("erin").Add(Guid.NewGuid(), "a1", failAfterInsert: false);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Notes("erin", other).DeleteAll());

        Assert.Equal(1, await CountRows("erin"));
        Assert.Equal(1, await StoredVersion("erin"));
    }

    private async Task<long> CountRows(string owner, string? body = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM notes WHERE owner = @owner AND (@body::text IS NULL OR body = @body)", new { owner, body });
    }

    private async Task<long?> StoredVersion(string owner)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT version FROM grain_state WHERE grain_type = 'test-notes' AND grain_key = @owner", new { owner });
    }
}
