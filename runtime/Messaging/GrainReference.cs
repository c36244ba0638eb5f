using System.Reflection;

namespace Journal.Runtime;

/// <summary>
/// The proxy behind every grain interface reference. A call becomes a request that is enqueued on
/// the grain's activation (created on first use); the grain object is never exposed.
/// </summary>
public class GrainReference : DispatchProxy
{
    private GrainRuntime _runtime = null!;
    private GrainInterfaceInfo _interface = null!;

    // The activation last used; re-resolved through the directory once it is gone.
    internal Activation? CachedActivation;

    public GrainId GrainId { get; private set; }

    internal GrainClass Class => _interface.Class;

    internal void Initialize(GrainRuntime runtime, GrainInterfaceInfo grainInterface, GrainId grainId)
    {
        _runtime = runtime;
        _interface = grainInterface;
        GrainId = grainId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _interface.GetInvoker(targetMethod!).Call(this, args ?? []);

    internal void Send(Request request)
    {
        var activation = CachedActivation;
        if (activation is null || !activation.TryEnqueue(request))
            CachedActivation = _runtime.Send(GrainId, Class, request);
    }

    public override string ToString() => $"GrainReference({GrainId})";
}
