using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;
using Orleans.Metadata;

namespace Journal.Persistence.CallChains;

/// <summary>
/// Fails a call cycle between non-reentrant grains at once, naming it, where Orleans would only time
/// out. A grain calling another grain adds itself (and whether its turn is read-only) to the call
/// chain carried in <see cref="RequestContext"/>, which Orleans passes on with the call. A call whose
/// target is already on its chain can never start — the target's turn is waiting for this very call —
/// unless the target's class is reentrant, the method is <c>[AlwaysInterleave]</c>, or it and the
/// waiting turn are both <c>[ReadOnly]</c>. A <c>[OneWay]</c> call waits for nothing, so it starts a
/// new chain. Calls from outside any grain (the API) and calls to or from Orleans' own services (the
/// reminder service, stream agents) pay nothing. Not seen: a cycle across two
/// independent chains (X calls A → B while Y calls B → A), and Orleans' own call-chain reentrancy
/// (<c>AllowCallChainReentrancy</c>, <c>[MayInterleave]</c>), which the project does not use; those
/// still end in the response timeout.
/// </summary>
public sealed class CallCycleFilter(GrainPropertiesResolver grainProperties) : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    /// <summary>The RequestContext key of the chain: lines of grain ids, each ending in <see cref="ReadOnlyMark"/> when that turn is read-only.</summary>
    public const string ChainKey = "journal.call-chain";

    private const char ReadOnlyMark = '\t';
    private const string Arrow = " → ";

    // The grain whose current turn is a read-only method, for the calls that turn makes.
    private static readonly AsyncLocal<GrainId?> s_readOnlyTurn = new();

    private readonly ConcurrentDictionary<MethodInfo, MethodKind> _methods = new();
    private readonly ConcurrentDictionary<GrainType, bool> _reentrant = new();

    public Task Invoke(IIncomingGrainCallContext context) =>
        KindOf(context.InterfaceMethod).HasFlag(MethodKind.ReadOnly) ? InvokeReadOnlyAsync(context) : context.Invoke();

    public Task Invoke(IOutgoingGrainCallContext context) =>
        context.SourceContext is { } caller && IsGrain(caller.GrainId) && IsGrain(context.TargetId)
            ? InvokeFromGrainAsync(context, caller.GrainId)
            : context.Invoke();

    // The mark lives in this method's execution context: the turn's calls see it, the next turn does not.
    private static async Task InvokeReadOnlyAsync(IIncomingGrainCallContext context)
    {
        s_readOnlyTurn.Value = context.TargetId;
        await context.Invoke();
    }

    private async Task InvokeFromGrainAsync(IOutgoingGrainCallContext context, GrainId caller)
    {
        var received = RequestContext.Get(ChainKey) as string;
        var entry = s_readOnlyTurn.Value == caller ? caller + ReadOnlyMark.ToString() : caller.ToString();
        var chain = received is null ? entry : received + "\n" + entry;
        var kind = KindOf(context.InterfaceMethod);
        if (!kind.HasFlag(MethodKind.AlwaysInterleave) && FindCycle(chain, context.TargetId, kind.HasFlag(MethodKind.ReadOnly)) is { } cycle
            && !IsReentrant(context.TargetId))
            throw new DeadlockException($"Call cycle between non-reentrant grains: {cycle}. {context.InterfaceName}.{context.MethodName} could never start.");
        if (kind.HasFlag(MethodKind.OneWay)) RequestContext.Remove(ChainKey);
        else RequestContext.Set(ChainKey, chain);
        try
        {
            await context.Invoke();
        }
        finally
        {
            if (received is null) RequestContext.Remove(ChainKey);
            else RequestContext.Set(ChainKey, received);
        }
    }

    // "a → b → a" when the target's turn is on the chain and cannot interleave with this call.
    private static string? FindCycle(string chain, GrainId target, bool readOnlyCall)
    {
        var id = target.ToString();
        var entries = chain.Split('\n');
        for (var i = 0; i < entries.Length; i++)
        {
            var readOnlyTurn = entries[i].EndsWith(ReadOnlyMark);
            if (entries[i].AsSpan().TrimEnd(ReadOnlyMark).SequenceEqual(id) && !(readOnlyTurn && readOnlyCall))
                return string.Join(Arrow, entries[i..].Select(e => e.TrimEnd(ReadOnlyMark)).Append(id));
        }
        return null;
    }

    // Orleans' own services (system targets such as the reminder service and the stream agents, grain
    // services) and clients take concurrent calls: they are no link in a chain of waiting turns.
    private static bool IsGrain(GrainId id) =>
        !GrainTypePrefix.IsSystemTarget(id) && !GrainTypePrefix.IsClient(id) && !GrainTypePrefix.IsGrainService(id.Type);

    private bool IsReentrant(GrainId target) => _reentrant.GetOrAdd(target.Type, type =>
        grainProperties.TryGetGrainProperties(type, out var properties)
        && properties.Properties.TryGetValue(WellKnownGrainTypeProperties.Reentrant, out var value)
        && bool.TryParse(value, out var reentrant) && reentrant);

    private MethodKind KindOf(MethodInfo? method) => method is null ? MethodKind.None : _methods.GetOrAdd(method, m =>
        (m.IsDefined(typeof(ReadOnlyAttribute)) ? MethodKind.ReadOnly : MethodKind.None)
        | (m.IsDefined(typeof(AlwaysInterleaveAttribute)) ? MethodKind.AlwaysInterleave : MethodKind.None)
        | (m.IsDefined(typeof(OneWayAttribute)) ? MethodKind.OneWay : MethodKind.None));

    [Flags]
    private enum MethodKind { None = 0, ReadOnly = 1, AlwaysInterleave = 2, OneWay = 4 }
}
