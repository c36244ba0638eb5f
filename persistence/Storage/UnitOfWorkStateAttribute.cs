using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Persistence.Storage;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IUnitOfWorkState{TState}"/>: the state
/// named <paramref name="stateName"/> in the PostgreSQL grain storage. State names are stored keys:
/// never rename one that has data.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class UnitOfWorkStateAttribute(string stateName) : Attribute, IFacetMetadata
{
    public string StateName { get; } = stateName;
}

/// <summary>Builds the <see cref="IUnitOfWorkState{TState}"/> of a grain activation (Orleans' facet extension point).</summary>
internal sealed class UnitOfWorkStateMapper : IAttributeToFactoryMapper<UnitOfWorkStateAttribute>
{
    private static readonly MethodInfo CreateMethod = typeof(UnitOfWorkStateMapper).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, UnitOfWorkStateAttribute metadata)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IUnitOfWorkState<>))
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType} has [UnitOfWorkState] but is a {type}; it must be an IUnitOfWorkState<TState>.",
                parameter.Name);
        // Reflection once per grain class here, not per activation: the factory is a compiled delegate.
        var create = CreateMethod.MakeGenericMethod(type.GetGenericArguments()).CreateDelegate<Func<IGrainContext, string, object>>();
        return context => create(context, metadata.StateName);
    }

    private static object Create<TState>(IGrainContext context, string stateName) =>
        new UnitOfWorkState<TState>(stateName, context, context.ActivationServices.GetRequiredService<PostgresGrainStorage>());
}
