using Journal.Persistence.Storage;
using Npgsql;
using Orleans;

namespace Journal.Tests.Providers.Grains;

[Alias("test.INotesGrain")]
public interface INotesGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(Guid id, string body, bool failAfterInsert);
    [Alias("AddFailingAtCommit")] Task AddFailingAtCommit(Guid id, string body);
    [Alias("AddThenWriteAgainAfterFailure")] Task AddThenWriteAgainAfterFailure(Guid id, string body);
    [Alias("Count")] Task<int> Count();
    [Alias("DeleteAll")] Task DeleteAll();
}

public sealed class NotesState
{
    public int Count { get; set; }
}

/// <summary>A grain that owns rows in a typed table (<c>notes</c>), as product grains do.</summary>
[GrainType("test-notes")]
public sealed class NotesGrain([UnitOfWorkState("notes")] IUnitOfWorkState<NotesState> state) : Grain, INotesGrain
{
    public async Task Add(Guid id, string body, bool failAfterInsert)
    {
        state.State.Count++;
        var changes = new UnitOfWork().Execute("INSERT INTO notes (id, owner, body) VALUES (@id, @owner, @body)", new { id, owner = this.GetPrimaryKeyString(), body });
        if (failAfterInsert) changes.Execute("SELECT 1 / 0"); // the injected failure, after the row change
        await state.WriteStateAsync(changes);
    }

    // note_links' key is checked only at COMMIT, and this link's note does not exist.
    public async Task AddFailingAtCommit(Guid id, string body)
    {
        state.State.Count++;
        await state.WriteStateAsync(new UnitOfWork()
            .Execute("INSERT INTO notes (id, owner, body) VALUES (@id, @owner, @body)", new { id, owner = this.GetPrimaryKeyString(), body })
            .Execute("INSERT INTO note_links (note_id) VALUES (@missing)", new { missing = Guid.NewGuid() }));
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
        state.ClearStateAsync(new UnitOfWork().Execute("DELETE FROM notes WHERE owner = @owner", new { owner = this.GetPrimaryKeyString() }));
}
