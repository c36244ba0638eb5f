namespace Journal.Runtime;

/// <summary>The grain classes registered with <see cref="GrainRuntimeBuilder"/>.</summary>
public sealed class GrainRegistrations
{
    internal List<Type> GrainClasses { get; } = [];
}
