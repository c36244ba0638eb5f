namespace Journal.Runtime;

/// <summary>
/// Injects an <see cref="IPersistentState{TState}"/> into a grain constructor parameter: the state
/// named <paramref name="stateName"/> of this grain, kept in the storage provider <paramref name="storageName"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string storageName = PersistentStateAttribute.DefaultStorageName) : Attribute
{
    public const string DefaultStorageName = "Default";

    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName;
}
