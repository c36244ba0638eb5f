using System.Reflection;

namespace Journal.Runtime;

/// <summary>Something the agents deliver a stream's events to: a subscribed grain class or an explicit subscription.</summary>
internal abstract class StreamConsumer
{
    /// <summary>Recorded with dead letters, and how a replay finds the consumer again.</summary>
    public abstract string Name { get; }

    /// <summary>Delivers events of one stream, in order; throws when the consumer failed.</summary>
    public abstract Task DeliverAsync(StreamId stream, IReadOnlyList<StoredEvent> events);

    /// <summary>Whether a failure is retried until it passes instead of counting towards dead-lettering.</summary>
    public virtual bool IsTransient(Exception error) => false;
}

/// <summary>A grain class with <see cref="ImplicitStreamSubscriptionAttribute"/> for one namespace.</summary>
internal abstract class ImplicitConsumer : StreamConsumer
{
    public abstract string Namespace { get; }

    /// <summary>The implicit subscriptions declared by <paramref name="classes"/>; a class that cannot receive what it subscribes to is an error.</summary>
    public static IReadOnlyList<ImplicitConsumer> Discover(GrainRuntime runtime, IEnumerable<GrainClass> classes)
    {
        var consumers = new List<ImplicitConsumer>();
        var errors = new List<string>();
        foreach (var grainClass in classes)
        {
            var subscriberTypes = grainClass.Type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStreamSubscriber<>))
                .Select(i => i.GetGenericArguments()[0]).ToList();
            foreach (var subscription in grainClass.Type.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>())
            {
                var eventType = subscription.EventType ?? (subscriberTypes.Count == 1 ? subscriberTypes[0] : null);
                if (eventType is null || !subscriberTypes.Contains(eventType))
                {
                    errors.Add($"{grainClass.Type.FullName} subscribes to stream namespace '{subscription.Namespace}' but "
                        + (subscription.EventType is { } declared
                            ? $"does not implement IStreamSubscriber<{TypeNames.Friendly(declared)}>."
                            : subscriberTypes.Count == 0
                                ? "implements no IStreamSubscriber<T>."
                                : "implements IStreamSubscriber<T> for several types; name one with EventType."));
                    continue;
                }
                consumers.Add((ImplicitConsumer)Activator.CreateInstance(
                    typeof(ImplicitConsumer<>).MakeGenericType(eventType), runtime, grainClass, subscription.Namespace)!);
            }
        }
        if (errors.Count > 0)
            throw new GrainTypeValidationException("Invalid stream subscriptions:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        return consumers;
    }
}

/// <summary>Delivers to the grain whose key is the stream's key, as one turn per batch.</summary>
internal sealed class ImplicitConsumer<T>(GrainRuntime runtime, GrainClass grainClass, string @namespace) : ImplicitConsumer
{
    public override string Name => grainClass.Name;

    public override string Namespace => @namespace;

    // A grain's turn reports storage and runtime failures as they are; code outside the runtime (explicit
    // subscriptions) has its own failure modes, so only grain deliveries hold on through these.
    public override bool IsTransient(Exception error) => TransientFailure.Is(error);

    public override Task DeliverAsync(StreamId stream, IReadOnlyList<StoredEvent> events)
    {
        var items = events.Select(StreamJson.Decode<T>).ToList();
        return runtime.InvokeAsync(new GrainId(grainClass.Name, stream.Key), grainClass,
            grain => ((IStreamSubscriber<T>)grain).OnNextAsync(stream, items), $"delivery of {items.Count} event(s) of {stream}", deactivateOnFailure: true);
    }
}
