using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Journal.Persistence.CallChains;

/// <summary>
/// Sends a call again when the cluster did not deliver it, so that a node leaving (SIGTERM) or dying
/// costs the caller a short wait instead of a failure. A rejection (<see cref="OrleansMessageRejectionException"/>
/// itself) is sent instead of running the call, and it clears the caller's cached address of the
/// grain: any call may go again, and finds the grain where it lives now. A <see cref="SiloUnavailableException"/>
/// is ambiguous: the target silo went away while the call was out, and may have run it, or handed it to
/// another silo that did. Such a call goes again only when running it twice does no harm: a
/// <c>[ReadOnly]</c> method. Calls made by Orleans' own services (stream agents, the reminder service)
/// keep their own retry rules, and calls to clients (the nodes' push observers) are best effort.
/// </summary>
public sealed partial class UndeliveredCallRetry(ILogger<UndeliveredCallRetry> logger) : IOutgoingGrainCallFilter
{
    // Together about 1.3 s: long enough for a leaving node to finish handing its grains over.
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    private readonly ConcurrentDictionary<MethodInfo, bool> _readOnly = new();

    // A call that is not ours to repeat passes straight through, without a state machine of its own.
    public Task Invoke(IOutgoingGrainCallContext context) => Applies(context) ? InvokeAgainIfUndeliveredAsync(context) : context.Invoke();

    private async Task InvokeAgainIfUndeliveredAsync(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (OrleansMessageRejectionException undelivered) when (attempt < Pauses.Length && MayGoAgain(undelivered, context.InterfaceMethod))
            {
                LogSendingAgain(logger, context.InterfaceName, context.MethodName, context.TargetId, Pauses[attempt].TotalMilliseconds, undelivered.Message);
                await Task.Delay(Pauses[attempt]);
            }
        }
    }

    // Calls from the API (a client) and from grains.
    private static bool Applies(IOutgoingGrainCallContext context)
    {
        if (GrainTypePrefix.IsClient(context.TargetId)) return false;
        return context.SourceContext?.GrainId is not { } source
            || !(GrainTypePrefix.IsSystemTarget(source) || GrainTypePrefix.IsGrainService(source.Type));
    }

    private bool MayGoAgain(OrleansMessageRejectionException undelivered, MethodInfo? method) =>
        undelivered.GetType() == typeof(OrleansMessageRejectionException)
        || (method is not null && _readOnly.GetOrAdd(method, m => m.IsDefined(typeof(ReadOnlyAttribute))));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Interface}.{Method} to {Grain} was not delivered; sending it again in {Pause} ms. {Reason}")]
    private static partial void LogSendingAgain(ILogger logger, string @interface, string method, GrainId grain, double pause, string reason);
}
