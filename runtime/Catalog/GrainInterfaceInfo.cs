using System.Collections.Frozen;
using System.Reflection;

namespace Journal.Runtime;

/// <summary>A grain interface: the class that implements it and an invoker per method.</summary>
internal sealed class GrainInterfaceInfo
{
    private readonly FrozenDictionary<MethodInfo, GrainMethodInvoker> _invokers;

    public GrainInterfaceInfo(Type interfaceType, GrainClass grainClass)
    {
        Class = grainClass;
        _invokers = Methods(interfaceType).ToFrozenDictionary(m => m, m => GrainMethodInvoker.Create(interfaceType, m));
    }

    public GrainClass Class { get; }

    public GrainMethodInvoker GetInvoker(MethodInfo method) => _invokers[method];

    /// <summary>The methods of a grain interface, its inherited grain interfaces included.</summary>
    public static IEnumerable<MethodInfo> Methods(Type interfaceType) =>
        interfaceType.GetInterfaces().Append(interfaceType).SelectMany(i => i.GetMethods());
}
