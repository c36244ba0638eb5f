using System.Reflection;

namespace Journal.Runtime;

/// <summary>
/// Decides whether a type may cross a grain call: immutable records, primitives and the like
/// (ARCHITECTURE.md, semantic 5), so calls need no copies now and stay serializable later.
/// </summary>
internal static class ImmutableTypeRules
{
    private static readonly HashSet<Type> s_immutable =
    [
        typeof(string), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(Version), typeof(CancellationToken), typeof(System.Numerics.BigInteger),
    ];

    /// <summary>Null when <paramref name="type"/> is immutable; otherwise why it is not.</summary>
    public static string? WhyMutable(Type type) => WhyMutable(type, []);

    private static string? WhyMutable(Type type, HashSet<Type> visiting)
    {
        if (type.IsPrimitive || type.IsEnum || s_immutable.Contains(type)) return null;
        if (Nullable.GetUnderlyingType(type) is { } underlying) return WhyMutable(underlying, visiting);
        if (type.IsArray) return $"{TypeNames.Friendly(type)} is an array, which is mutable (use ImmutableArray<T>)";
        // The concrete immutable collections (not their builders, not the interfaces anyone may implement).
        if (type.Namespace == "System.Collections.Immutable" && type.IsGenericType && !type.IsNested && !type.IsInterface)
            return type.GetGenericArguments().Select(a => WhyMutable(a, visiting)).FirstOrDefault(r => r is not null);
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName!.StartsWith("System.Tuple`", StringComparison.Ordinal))
            return type.GetGenericArguments().Select(a => WhyMutable(a, visiting)).FirstOrDefault(r => r is not null);
        // A grain reference is an immutable address.
        if (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type)) return null;
        if (type.Namespace == "NodaTime") return null; // NodaTime's public types are immutable by design.
        if (type.IsDefined(typeof(ImmutableAttribute), inherit: false)) return null;
        if (!visiting.Add(type)) return null; // A recursive type is judged by its other members.

        if (type.IsValueType) return WhyFieldsMutable(type, visiting, requireReadOnly: false);
        if (IsRecord(type))
            return type.IsSealed
                ? WhyFieldsMutable(type, visiting, requireReadOnly: true)
                : $"{TypeNames.Friendly(type)} is a record that is not sealed: a derived record could carry mutable data";
        return $"{TypeNames.Friendly(type)} is not a record, a primitive or a type marked [Immutable]";
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    // A struct is copied on every call, so only what its fields point to matters; a record must also
    // have read-only (init) members.
    private static string? WhyFieldsMutable(Type type, HashSet<Type> visiting, bool requireReadOnly)
    {
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var member = MemberName(field);
                if (requireReadOnly && !field.IsInitOnly)
                    return $"{TypeNames.Friendly(type)}.{member} can be changed after construction (use init or a positional record)";
                if (WhyMutable(field.FieldType, visiting) is { } reason)
                    return $"{TypeNames.Friendly(type)}.{member}: {reason}";
            }
        }
        return null;
    }

    // "<Name>k__BackingField" → "Name"
    private static string MemberName(FieldInfo field) =>
        field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>')] : field.Name;
}
