using System.Collections;
using System.Reflection;
using Journal.GrainInterfaces.Accounts;
using Journal.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace Journal.Tests.Contracts;

/// <summary>
/// What Orleans only finds out at run time: a type without a codec builds and fails with
/// CodecNotFoundException on its first call across silos. Every grain interface, method and type
/// that crosses a call carries its alias (the wire contract), every grain class its grain type (the
/// key of its stored state and reminders), and every type reachable from a grain method's arguments
/// and results has a codec and a copier.
/// </summary>
public sealed class GrainContractTests
{
    private static readonly Assembly Interfaces = typeof(IUserGrain).Assembly;

    private static readonly Type[] GrainInterfaces =
        [.. Interfaces.GetTypes().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))];

    private readonly IServiceProvider _serialization = new ServiceCollection().AddSerializer(s => s.AddAssembly(Interfaces)).BuildServiceProvider();

    [Fact]
    public void Every_grain_interface_and_method_has_an_alias()
    {
        Assert.NotEmpty(GrainInterfaces);
        var missing = GrainInterfaces.Where(i => i.GetCustomAttribute<AliasAttribute>() is null).Select(i => i.Name)
            .Concat(GrainInterfaces.SelectMany(i => i.GetMethods()).Where(m => m.GetCustomAttribute<AliasAttribute>() is null).Select(m => $"{m.DeclaringType!.Name}.{m.Name}"))
            .ToList();
        Assert.True(missing.Count == 0, "Without an alias: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_grain_class_has_a_grain_type_and_it_is_unique()
    {
        var grains = typeof(GrainTypes).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(grains);
        Assert.Empty(grains.Where(g => g.GetCustomAttribute<GrainTypeAttribute>() is null).Select(g => g.Name));
        var names = grains.Select(g => g.GetCustomAttribute<GrainTypeAttribute>()!.GetGrainType(_serialization, g).ToString()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Every_type_a_grain_method_takes_or_returns_has_a_codec_a_copier_and_an_alias()
    {
        var codecs = _serialization.GetRequiredService<ICodecProvider>();
        var copiers = _serialization.GetRequiredService<IDeepCopierProvider>();
        var seen = new HashSet<Type>();
        foreach (var method in GrainInterfaces.SelectMany(i => i.GetMethods()))
        {
            foreach (var parameter in method.GetParameters()) Walk(parameter.ParameterType, seen);
            Walk(method.ReturnType, seen);
        }

        var problems = new List<string>();
        foreach (var type in seen)
        {
            if (codecs.TryGetCodec(type) is null) problems.Add($"{type}: no codec");
            if (copiers.TryGetDeepCopier(type) is null) problems.Add($"{type}: no copier");
            if (type.Assembly == Interfaces && type.GetCustomAttribute<AliasAttribute>() is null) problems.Add($"{type}: no alias");
        }
        Assert.True(seen.Count > 50, $"Only {seen.Count} types found: the walk misses the grain interfaces' types.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    // The type, its generic arguments, collection elements and (for the project's own types) the
    // types of its public instance properties: everything the serializer must write.
    private static void Walk(Type type, HashSet<Type> seen)
    {
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask)) return;
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            Walk(type.GetGenericArguments()[0], seen);
            return;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying) type = underlying;
        if (!seen.Add(type)) return;
        if (type.IsArray) Walk(type.GetElementType()!, seen);
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : []) Walk(argument, seen);
        if (type.Assembly != Interfaces || type.IsEnum || typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) Walk(property.PropertyType, seen);
    }
}
