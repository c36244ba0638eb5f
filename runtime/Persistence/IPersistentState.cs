namespace Journal.Runtime;

/// <summary>
/// A grain's persistent state (Orleans' <c>IPersistentState&lt;T&gt;</c>), read before
/// <c>OnActivateAsync</c>. A write that conflicts (<see cref="InconsistentStateException"/>) or fails
/// deactivates the activation, so memory is never left ahead of storage.
/// </summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>The stored version this activation last read or wrote; null when no record exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state together with <paramref name="changes"/> (the grain's own row changes) in ONE
    /// transaction: all of it commits, or none of it does.
    /// </summary>
    Task WriteStateAsync(UnitOfWork changes, CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state together with <paramref name="changes"/>, in one transaction.</summary>
    Task ClearStateAsync(UnitOfWork changes, CancellationToken cancellationToken = default);
}

/// <summary>What a storage provider reads and writes (Orleans' <c>IGrainState&lt;T&gt;</c>).</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }
    string? ETag { get; set; }
    bool RecordExists { get; set; }
}

/// <summary>A grain storage provider (Orleans' <c>IGrainStorage</c>), plus the unit of work.</summary>
public interface IGrainStorage
{
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Writes the state if its stored version still equals <c>grainState.ETag</c>; otherwise throws <see cref="InconsistentStateException"/>.</summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken);

    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken);
}

/// <summary>The states of an activation, read before <c>OnActivateAsync</c>.</summary>
internal interface IActivationState
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
