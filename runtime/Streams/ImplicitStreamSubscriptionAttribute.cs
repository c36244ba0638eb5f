namespace Journal.Runtime;

/// <summary>
/// Subscribes the grain class to every stream of <see cref="Namespace"/> (Orleans'
/// <c>[ImplicitStreamSubscription]</c>). The class implements <see cref="IStreamSubscriber{T}"/>;
/// when it implements it for several event types, <see cref="EventType"/> says which one this
/// namespace carries.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string @namespace) : Attribute
{
    public string Namespace { get; } = @namespace;

    public Type? EventType { get; init; }
}
