namespace Journal.Runtime;

/// <summary>The grain may interleave requests at awaits; it still never runs two turns in parallel.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>The method may interleave with any request of a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>The method does not change state: read-only requests may interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Fire and forget: the caller gets a completed task at once and never sees the result or an exception.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>Declares a type immutable, so it may be a grain call argument or result although it is not a record.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class ImmutableAttribute : Attribute;

/// <summary>Names the grain type (the type part of <see cref="GrainId"/>, stored with persistent state).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Overrides <see cref="GrainRuntimeOptions.CollectionAge"/> for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Days { get; init; }
    public double Hours { get; init; }
    public double Minutes { get; init; }
    public double Seconds { get; init; }

    /// <summary>Never collected for idleness (still deactivated at shutdown or by <c>DeactivateOnIdle</c>).</summary>
    public bool AlwaysActive { get; init; }

    public TimeSpan Amount => AlwaysActive
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}
