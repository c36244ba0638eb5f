namespace Journal.Persistence.Storage;

/// <summary>
/// A grain's persistent state that can commit the grain's own row changes and stream events with it
/// (<see cref="UnitOfWork"/>), in one PostgreSQL transaction with the version check and bump. Read
/// before <c>OnActivateAsync</c>. A write that conflicts (<c>InconsistentStateException</c>) or fails
/// deactivates the activation and refuses its later writes, so memory is never left ahead of storage.
/// Injected with <see cref="UnitOfWorkStateAttribute"/>.
/// </summary>
public interface IUnitOfWorkState<TState> : IPersistentState<TState>
{
    /// <summary>Writes the state together with <paramref name="changes"/>: all of it commits, or none of it does.</summary>
    Task WriteStateAsync(UnitOfWork changes);

    /// <summary>Clears the stored state (a tombstone) together with <paramref name="changes"/>, and resets <c>State</c>.</summary>
    Task ClearStateAsync(UnitOfWork changes);
}
