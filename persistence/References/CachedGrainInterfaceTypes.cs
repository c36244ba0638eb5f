using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace Journal.Persistence.References;

/// <summary>
/// Remembers the grain interface type of each interface, so that <c>GetGrain&lt;T&gt;(key)</c> costs a
/// dictionary look-up. Orleans 10.4 works it out on every call (reads the interface's attributes, then
/// formats its name): about a tenth of the CPU of an authenticated, memory-served request here, which
/// makes two such calls (bench/ApiLoad, PROFILE=summary). Registered ahead of Orleans' own providers,
/// it asks them once per interface, through a resolver of its own over the same providers and
/// conventions, so the answer is exactly Orleans'.
/// </summary>
internal sealed class CachedGrainInterfaceTypes(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _types = new();
    private GrainInterfaceTypeResolver? _resolver;

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _types.GetOrAdd(type, static (type, self) => self.Resolver.GetGrainInterfaceType(type), this);
        return true;
    }

    // Built at the first look-up, not in the constructor: the providers include this one.
    private GrainInterfaceTypeResolver Resolver => _resolver ??= new(
        services.GetServices<IGrainInterfaceTypeProvider>().Where(provider => !ReferenceEquals(provider, this)),
        services.GetRequiredService<TypeConverter>());
}
