using Dapper;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Npgsql;

namespace Journal.Tests.Persistence;

/// <summary>A grain's row changes and its state version commit in one transaction, or not at all.</summary>
public sealed class UnitOfWorkTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS notes (id uuid PRIMARY KEY, owner text NOT NULL, body text NOT NULL)");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Row_changes_and_state_commit_together()
    {
        await using var silo = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        var notes = silo.Grains.GetGrain<INotesGrain>("alice");

        await notes.Add(Guid.NewGuid(), "first", failAfterInsert: false);
        await notes.Add(Guid.NewGuid(), "second", failAfterInsert: false);

        Assert.Equal(2, await CountRows("alice"));
        Assert.Equal(2, await StoredVersion("alice"));
        Assert.Equal(2, await notes.Count());
    }

    [Fact]
    public async Task A_failure_after_the_row_change_leaves_nothing_behind()
    {
        await using var silo = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        var notes = silo.Grains.GetGrain<INotesGrain>("bob");
        await notes.Add(Guid.NewGuid(), "kept", failAfterInsert: false);

        await Assert.ThrowsAsync<PostgresException>(() => notes.Add(Guid.NewGuid(), "lost", failAfterInsert: true));

        Assert.Equal(1, await CountRows("bob"));
        Assert.Equal(1, await StoredVersion("bob"));
        Assert.Equal(1, await notes.Count()); // the activation was dropped and reloaded the committed state
    }

    [Fact]
    public async Task After_a_failed_write_the_activation_can_write_nothing_more()
    {
        await using var silo = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        var notes = silo.Grains.GetGrain<INotesGrain>("retrying-writer");
        await notes.Add(Guid.NewGuid(), "kept", failAfterInsert: false);

        // The grain catches the failure and writes its (changed) state again.
        await Assert.ThrowsAsync<InvalidOperationException>(() => notes.AddThenWriteAgainAfterFailure(Guid.NewGuid(), "half"));

        Assert.Equal(1, await CountRows("retrying-writer"));
        Assert.Equal(1, await StoredVersion("retrying-writer"));
        Assert.Equal(1, await notes.Count());
    }

    [Fact]
    public async Task A_version_conflict_rolls_back_the_row_changes()
    {
        await using var a = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        await using var b = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        await a.Grains.GetGrain<INotesGrain>("carol").Add(Guid.NewGuid(), "a1", failAfterInsert: false);
        await b.Grains.GetGrain<INotesGrain>("carol").Count(); // b reads version 1
        await a.Grains.GetGrain<INotesGrain>("carol").Add(Guid.NewGuid(), "a2", failAfterInsert: false);

        await Assert.ThrowsAsync<InconsistentStateException>(() => b.Grains.GetGrain<INotesGrain>("carol").Add(Guid.NewGuid(), "b1", failAfterInsert: false));

        Assert.Equal(2, await CountRows("carol"));
        Assert.Equal(0, await CountRows("carol", "b1"));
    }

    [Fact]
    public async Task Clearing_state_with_row_changes_is_one_transaction_too()
    {
        await using var silo = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        var notes = silo.Grains.GetGrain<INotesGrain>("dave");
        await notes.Add(Guid.NewGuid(), "one", failAfterInsert: false);

        await notes.DeleteAll();

        Assert.Equal(0, await CountRows("dave"));
        Assert.Equal(2, await StoredVersion("dave")); // a tombstone: the version keeps growing
        Assert.Equal(0, await notes.Count());
    }

    [Fact]
    public async Task After_a_clear_and_a_new_write_an_activation_holding_the_old_version_cannot_overwrite()
    {
        await using var a = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        await using var b = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        await a.Grains.GetGrain<INotesGrain>("frank").Add(Guid.NewGuid(), "a1", failAfterInsert: false); // version 1
        var notesB = b.Grains.GetGrain<INotesGrain>("frank");
        await notesB.DeleteAll(); // b read version 1; the clear makes it 2
        await notesB.Add(Guid.NewGuid(), "b1", failAfterInsert: false); // 3

        await Assert.ThrowsAsync<InconsistentStateException>(() => a.Grains.GetGrain<INotesGrain>("frank").Add(Guid.NewGuid(), "a-stale", failAfterInsert: false));

        Assert.Equal(3, await StoredVersion("frank"));
        Assert.Equal(0, await CountRows("frank", "a-stale"));
        Assert.Equal(1, await a.Grains.GetGrain<INotesGrain>("frank").Count()); // reloaded b's state
    }

    [Fact]
    public async Task Clearing_a_state_created_elsewhere_since_it_was_read_is_a_conflict()
    {
        await using var a = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        await using var b = TestRuntime.Start(postgres: database.ConnectionString, extraGrains: typeof(NotesGrain));
        await b.Grains.GetGrain<INotesGrain>("erin").Count(); // b reads "no record"
        await a.Grains.GetGrain<INotesGrain>("erin").Add(Guid.NewGuid(), "a1", failAfterInsert: false);

        await Assert.ThrowsAsync<InconsistentStateException>(() => b.Grains.GetGrain<INotesGrain>("erin").DeleteAll());

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
            "SELECT version FROM grain_state WHERE grain_type = 'NotesGrain' AND grain_key = @owner", new { owner });
    }
}

public interface INotesGrain : IGrainWithStringKey
{
    Task Add(Guid id, string body, bool failAfterInsert);
    Task AddThenWriteAgainAfterFailure(Guid id, string body);
    Task<int> Count();
    Task DeleteAll();
}

public sealed class NotesState
{
    public int Count { get; set; }
}

/// <summary>A grain that owns rows in a typed table, as product grains will.</summary>
public sealed class NotesGrain([PersistentState("notes")] IPersistentState<NotesState> state) : Grain, INotesGrain
{
    public async Task Add(Guid id, string body, bool failAfterInsert)
    {
        state.State.Count++;
        var changes = new UnitOfWork().Execute("INSERT INTO notes (id, owner, body) VALUES (@id, @owner, @body)", new { id, owner = GetPrimaryKeyString(), body });
        if (failAfterInsert) changes.Execute("SELECT 1 / 0"); // the injected failure, after the row change
        await state.WriteStateAsync(changes);
    }

    public async Task AddThenWriteAgainAfterFailure(Guid id, string body)
    {
        try
        {
            await Add(id, body, failAfterInsert: true);
        }
        catch (PostgresException)
        {
            await state.WriteStateAsync(); // would store Count + 1 without its row
        }
    }

    public Task<int> Count() => Task.FromResult(state.State.Count);

    public Task DeleteAll() =>
        state.ClearStateAsync(new UnitOfWork().Execute("DELETE FROM notes WHERE owner = @owner", new { owner = GetPrimaryKeyString() }));
}
