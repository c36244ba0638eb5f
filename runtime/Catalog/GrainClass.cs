using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Runtime;

/// <summary>A grain class as the runtime knows it: its type name, scheduling, collection age and factory.</summary>
internal sealed class GrainClass
{
    private readonly ConstructorInfo _constructor;
    private readonly Func<IServiceProvider, Activation, object?>[] _argumentFactories;

    public GrainClass(Type type, GrainRuntimeOptions options)
    {
        Type = type;
        Name = type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? type.Name;
        IsReentrant = type.IsDefined(typeof(ReentrantAttribute), inherit: true);
        CollectionAge = options.ClassSpecificCollectionAge.TryGetValue(Name, out var age) ? age
            : type.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Amount ?? options.CollectionAge;

        var constructors = type.GetConstructors();
        if (constructors.Length != 1)
            throw new GrainTypeValidationException($"Grain class {type.FullName} must have exactly one public constructor; it has {constructors.Length}.");
        _constructor = constructors[0];
        _argumentFactories = _constructor.GetParameters().Select(ArgumentFactory).ToArray();
    }

    public Type Type { get; }

    /// <summary>The grain type name: <see cref="GrainId.Type"/> of its grains.</summary>
    public string Name { get; }

    public bool IsReentrant { get; }

    /// <summary>Idle time after which an activation is collected; infinite for always-active grains.</summary>
    public TimeSpan CollectionAge { get; }

    /// <summary>Builds the grain object for <paramref name="activation"/> with its constructor arguments from DI.</summary>
    public Grain Create(IServiceProvider services, Activation activation)
    {
        var arguments = new object?[_argumentFactories.Length];
        for (var i = 0; i < arguments.Length; i++) arguments[i] = _argumentFactories[i](services, activation);
        try
        {
            return (Grain)_constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private Func<IServiceProvider, Activation, object?> ArgumentFactory(ParameterInfo parameter)
    {
        var persistent = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (persistent is null)
            return (services, _) => services.GetRequiredService(parameter.ParameterType);

        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new GrainTypeValidationException(
                $"Grain class {Type.FullName}: parameter '{parameter.Name}' has [PersistentState] but its type is {TypeNames.Friendly(type)}; it must be IPersistentState<TState>.");
        var stateType = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]);
        return (services, activation) =>
        {
            var storage = services.GetKeyedService<IGrainStorage>(persistent.StorageName)
                ?? throw new InvalidOperationException(
                    $"Grain {activation.GrainId} needs the grain storage '{persistent.StorageName}', which is not registered (AddMemoryGrainStorage or AddPostgresGrainStorage).");
            return Activator.CreateInstance(stateType, persistent.StateName, storage, activation);
        };
    }
}
