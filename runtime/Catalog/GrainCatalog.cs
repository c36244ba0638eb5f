namespace Journal.Runtime;

/// <summary>
/// The grain classes and interfaces the runtime serves, checked once at start-up: every interface
/// method must return a task and take and return immutable types only.
/// </summary>
internal sealed class GrainCatalog
{
    private readonly Dictionary<Type, GrainInterfaceInfo> _interfaces = [];
    private readonly List<GrainClass> _classes = [];

    public GrainCatalog(IEnumerable<Type> grainClasses, GrainRuntimeOptions options)
    {
        var errors = new List<string>();
        foreach (var type in grainClasses.Distinct())
        {
            if (!typeof(Grain).IsAssignableFrom(type) || type.IsAbstract)
            {
                errors.Add($"{type.FullName} is not a concrete class deriving from Grain.");
                continue;
            }
            var grainClass = new GrainClass(type, options);
            _classes.Add(grainClass);
            foreach (var grainInterface in type.GetInterfaces().Where(IsGrainInterface))
            {
                if (_interfaces.TryGetValue(grainInterface, out var existing))
                {
                    errors.Add($"{grainInterface.FullName} is implemented by both {existing.Class.Type.FullName} and {type.FullName}; one class per interface.");
                    continue;
                }
                errors.AddRange(Validate(grainInterface));
                _interfaces[grainInterface] = new GrainInterfaceInfo(grainInterface, grainClass);
            }
        }
        if (errors.Count > 0)
            throw new GrainTypeValidationException("Invalid grain types:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Distinct().Select(e => "  - " + e)));
    }

    /// <summary>Every registered grain class.</summary>
    public IReadOnlyList<GrainClass> Classes => _classes;

    public GrainInterfaceInfo GetInterface(Type interfaceType) =>
        _interfaces.TryGetValue(interfaceType, out var info)
            ? info
            : throw new ArgumentException($"No registered grain class implements {interfaceType.FullName}; register it with AddGrains or AddGrainsFromAssembly.");

    /// <summary>The rule violations of one grain interface (empty when it is valid).</summary>
    public static IEnumerable<string> Validate(Type grainInterface)
    {
        foreach (var method in GrainInterfaceInfo.Methods(grainInterface))
        {
            var where = $"{grainInterface.Name}.{method.Name}";
            if (method.IsGenericMethodDefinition)
            {
                yield return $"{where} is generic; grain methods cannot be.";
                continue;
            }
            var returnType = method.ReturnType;
            var isTask = returnType == typeof(Task) || returnType == typeof(ValueTask);
            var isTaskOfT = returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>));
            if (!isTask && !isTaskOfT)
                yield return $"{where} returns {TypeNames.Friendly(returnType)}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.";
            else if (isTaskOfT && ImmutableTypeRules.WhyMutable(returnType.GetGenericArguments()[0]) is { } resultReason)
                yield return $"{where} returns a mutable result: {resultReason}. Grain call arguments and results must be immutable records or primitives.";
            if (method.IsDefined(typeof(OneWayAttribute), false) && !isTask)
                yield return $"{where} is [OneWay] but returns a result; one-way methods return Task or ValueTask.";
            foreach (var parameter in method.GetParameters())
            {
                if (parameter.ParameterType.IsByRef)
                    yield return $"{where}: parameter '{parameter.Name}' is passed by reference; grain calls take values.";
                else if (ImmutableTypeRules.WhyMutable(parameter.ParameterType) is { } reason)
                    yield return $"{where}: parameter '{parameter.Name}' is mutable: {reason}. Grain call arguments and results must be immutable records or primitives.";
            }
        }
    }

    private static bool IsGrainInterface(Type type) =>
        typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain) && type != typeof(IGrainWithGuidKey) && type != typeof(IGrainWithStringKey);
}
