using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Journal.Runtime;

/// <summary>
/// The silo's grain runtime: the directory of live activations (at most one per grain id), the
/// grain factory, the response-timeout watchdog, the idle collector and the cap on activations.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private static readonly DeactivationReason StoppingReason = new(DeactivationReasonCode.ShuttingDown, "The runtime is stopping");

    private readonly Meter _meter = new("Journal.Runtime");

    private readonly ConcurrentDictionary<GrainId, Activation> _directory = new();
    private readonly GrainCatalog _catalog;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private IRuntimeService[] _services = [];
    private int _activationCount;
    private int _evicting;
    private int _stopRequested;
    private volatile bool _stopped;

    public GrainRuntime(IServiceProvider services, IOptions<GrainRuntimeOptions> options, GrainRegistrations registrations, ILogger<GrainRuntime> logger)
    {
        Services = services;
        Options = options.Value;
        Logger = logger;
        _catalog = new GrainCatalog(registrations.GrainClasses, Options);
        _meter.CreateObservableGauge("journal.runtime.activations", () => Volatile.Read(ref _activationCount), description: "Live grain activations");
    }

    public GrainRuntimeOptions Options { get; }

    internal IServiceProvider Services { get; }

    internal ILogger Logger { get; }

    internal CancellationToken StoppingToken => _stopping.Token;

    /// <summary>How many activations are live now.</summary>
    public int ActivationCount => Volatile.Read(ref _activationCount);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey =>
        CreateReference<TGrainInterface>(primaryKey.ToString("N"));

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey =>
        CreateReference<TGrainInterface>(primaryKey);

    private TGrainInterface CreateReference<TGrainInterface>(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var grainInterface = _catalog.GetInterface(typeof(TGrainInterface));
        var reference = DispatchProxy.Create<TGrainInterface, GrainReference>();
        ((GrainReference)(object)reference!).Initialize(this, grainInterface, new GrainId(grainInterface.Class.Name, key));
        return reference;
    }

    /// <summary>Why a runtime service (a stream provider, the reminder service) cannot work; empty when all can.</summary>
    public IReadOnlyList<string> Faults => _services.Select(s => s.Fault).OfType<string>().ToList();

    /// <summary>Every registered grain class.</summary>
    internal IReadOnlyList<GrainClass> GrainClasses => _catalog.Classes;

    /// <summary>The stream provider registered under <paramref name="name"/>.</summary>
    public IStreamProvider GetStreamProvider(string name = StreamProviderOptions.DefaultName) =>
        Services.GetKeyedService<IStreamProvider>(name)
        ?? throw new InvalidOperationException($"No stream provider '{name}' is registered (AddPostgresStreams or AddMemoryStreams).");

    internal ReminderService Reminders =>
        Services.GetService<ReminderService>()
        ?? throw new InvalidOperationException("No reminder service is registered (AddPostgresReminders or AddMemoryReminders).");

    /// <summary>Starts the watchdog, the collector and the runtime services (stream agents, reminders).</summary>
    public void Start()
    {
        _services = Services.GetServices<IRuntimeService>().ToArray(); // invalid options fail here, before anything runs
        _loops.Add(RunPeriodically(TimeoutCheckPeriod(), FailTimedOutRequests));
        _loops.Add(RunPeriodically(Options.CollectionQuantum, CollectIdleActivations));
        foreach (var service in _services) service.Start();
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a turn of the grain <paramref name="grainId"/> (activating it if
    /// needed): how stream deliveries and reminder ticks reach grains.
    /// </summary>
    internal Task InvokeAsync(GrainId grainId, GrainClass grainClass, Func<Grain, Task> body, string description, bool deactivateOnFailure = false)
    {
        var request = new GrainCallbackRequest(body, description, deactivateOnFailure);
        Send(grainId, grainClass, request);
        return request.Task;
    }

    /// <summary>Deactivates every activation (each runs <c>OnDeactivateAsync</c>) and stops the loops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1) return;
        // Services first: their last deliveries and ticks still need live grains. They wait for the
        // turns they started, so a turn that never ends would hold them: past the deactivation
        // timeout, go on (abandoning the stuck activations below fails those turns' callers).
        var services = Task.WhenAll(_services.Select(service => service.StopAsync()));
        await Task.WhenAny(services, Task.Delay(Options.DeactivationTimeout, cancellationToken));
        _stopped = true;
        var activations = _directory.Values.ToArray();
        foreach (var activation in activations) activation.RequestDeactivation(StoppingReason);
        var all = Task.WhenAll(activations.Select(a => a.WhenDeactivated()));
        // A turn that never ends must not hold the process forever: past the deactivation timeout
        // the stuck activations are abandoned (their callers get RuntimeStoppingException).
        await Task.WhenAny(all, Task.Delay(Options.DeactivationTimeout, cancellationToken));
        foreach (var stuck in activations.Where(a => !a.WhenDeactivated().IsCompleted))
        {
            Logger.LogWarning("{GrainId} did not finish its running turns within {Timeout}; abandoned at shutdown", stuck.GrainId, Options.DeactivationTimeout);
            stuck.Abandon();
        }
        _stopping.Cancel();
        await Task.WhenAll(_loops);
        var servicesStopped = await Task.WhenAny(services, Task.Delay(Options.DeactivationTimeout, cancellationToken)) == services;
        _meter.Dispose();
        if (servicesStopped) await services; // a service that failed to stop says so
        else Logger.LogWarning("Runtime services did not stop within {Timeout} (a callback outside any grain never ended); left behind", Options.DeactivationTimeout);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// Enqueues <paramref name="request"/> on the grain's activation, creating it when there is none;
    /// null when the runtime is stopping (the request has then failed).
    /// </summary>
    internal Activation? Send(GrainId grainId, GrainClass grainClass, Request request)
    {
        while (true)
        {
            if (!_directory.TryGetValue(grainId, out var activation))
            {
                if (_stopped)
                {
                    request.Fail(new RuntimeStoppingException($"The grain runtime is stopping; {grainId} cannot be activated."));
                    return null;
                }
                activation = new Activation(this, grainId, grainClass);
                if (!_directory.TryAdd(grainId, activation)) continue;
                if (Interlocked.Increment(ref _activationCount) > Options.MaxActiveActivations) EvictLeastRecentlyUsed();
                if (_stopped) activation.RequestDeactivation(StoppingReason); // lost the race with StopAsync's snapshot
            }
            if (activation.TryEnqueue(request)) return activation;
            Forget(activation); // gone: it may not have left the directory yet
        }
    }

    /// <summary>Called once per activation when it is gone: forget it and re-send what was still waiting.</summary>
    internal void OnActivationRemoved(Activation activation, List<Request> waiting)
    {
        Forget(activation);
        foreach (var request in waiting)
            if (!request.IsAnswered) Send(activation.GrainId, activation.Class, request);
    }

    // Whoever removes the activation from the directory counts it out, exactly once.
    private void Forget(Activation activation)
    {
        if (_directory.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation)))
            Interlocked.Decrement(ref _activationCount);
    }

    private TimeSpan TimeoutCheckPeriod() =>
        TimeSpan.FromMilliseconds(Math.Clamp(Options.ResponseTimeout.TotalMilliseconds / 4, 10, 1000));

    private void FailTimedOutRequests()
    {
        var now = Environment.TickCount64;
        var timeout = (long)Options.ResponseTimeout.TotalMilliseconds;
        foreach (var activation in _directory.Values) activation.FailTimedOut(now, timeout);
    }

    private void CollectIdleActivations()
    {
        var now = Environment.TickCount64;
        foreach (var activation in _directory.Values)
        {
            var age = activation.Class.CollectionAge;
            if (age == Timeout.InfiniteTimeSpan || now - activation.LastUsedMs < age.TotalMilliseconds || !activation.IsIdle) continue;
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for more than {age}"));
        }
    }

    // Past the cap, deactivate the least recently used idle activations (one pass at a time).
    private void EvictLeastRecentlyUsed()
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                // Activations already on their way out still count in the directory: do not evict for them again.
                var staying = _directory.Values.Where(a => !a.IsLeaving).ToList();
                var excess = staying.Count - Options.MaxActiveActivations;
                if (excess <= 0) return;
                var reason = new DeactivationReason(DeactivationReasonCode.ActivationLimitExceeded, $"More than {Options.MaxActiveActivations} live activations");
                foreach (var activation in staying.Where(a => a.IsIdle).OrderBy(a => a.LastUsedMs).Take(excess))
                    activation.RequestDeactivation(reason);
            }
            finally
            {
                Volatile.Write(ref _evicting, 0);
            }
        }, null);
    }

    private Task RunPeriodically(TimeSpan period, Action action) => Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "Runtime housekeeping failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    });
}
