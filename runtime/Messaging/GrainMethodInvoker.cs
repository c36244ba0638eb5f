using System.Linq.Expressions;
using System.Reflection;

namespace Journal.Runtime;

/// <summary>
/// Everything the runtime needs to call one grain interface method, built once at start-up: a
/// compiled delegate (no reflection per call) and the method's scheduling attributes.
/// </summary>
internal abstract class GrainMethodInvoker
{
    private readonly Func<object, object?[], Task> _invoke;

    protected GrainMethodInvoker(Type grainInterface, MethodInfo method)
    {
        Name = $"{grainInterface.Name}.{method.Name}";
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute));
        IsAlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute));
        IsOneWay = method.IsDefined(typeof(OneWayAttribute));
        HasResult = method.ReturnType.IsGenericType;
        ReturnsValueTask = method.ReturnType == typeof(ValueTask) || HasResult && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>);
        _invoke = Compile(method);
    }

    public string Name { get; }
    public bool IsReadOnly { get; }
    public bool IsAlwaysInterleave { get; }
    public bool IsOneWay { get; }
    public bool HasResult { get; }
    protected bool ReturnsValueTask { get; }

    /// <summary>Runs the method on the grain object (inside its turn).</summary>
    public Task Invoke(Grain grain, object?[] arguments) => _invoke(grain, arguments);

    /// <summary>Sends a call through <paramref name="reference"/> and returns what the interface method returns.</summary>
    public abstract object Call(GrainReference reference, object?[] arguments);

    /// <param name="grainInterface">The grain interface the method is called through (it may be declared on a base interface).</param>
    public static GrainMethodInvoker Create(Type grainInterface, MethodInfo method)
    {
        var resultType = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : typeof(object);
        return (GrainMethodInvoker)Activator.CreateInstance(typeof(GrainMethodInvoker<>).MakeGenericType(resultType), grainInterface, method)!;
    }

    // (grain, args) => ((IFoo)grain).Bar((int)args[0], (string)args[1])   [.AsTask() for ValueTask returns]
    private static Func<object, object?[], Task> Compile(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        if (call.Type == typeof(ValueTask) || call.Type.IsGenericType && call.Type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            call = Expression.Call(call, call.Type.GetMethod(nameof(ValueTask.AsTask))!);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }
}

/// <summary>An invoker whose method returns <typeparamref name="T"/> (object for Task and ValueTask).</summary>
internal sealed class GrainMethodInvoker<T>(Type grainInterface, MethodInfo method) : GrainMethodInvoker(grainInterface, method)
{
    public override object Call(GrainReference reference, object?[] arguments)
    {
        // A one-way call is not waited for, so it is no link in a call chain (no false deadlocks).
        var request = new GrainRequest<T>(this, arguments, IsOneWay ? null : RuntimeContext.CurrentRequest);
        reference.Send(request);
        if (IsOneWay) return ReturnsValueTask ? default(ValueTask) : Task.CompletedTask;
        if (!ReturnsValueTask) return request.Task;
        return HasResult ? new ValueTask<T>(request.Task) : new ValueTask(request.Task);
    }
}
