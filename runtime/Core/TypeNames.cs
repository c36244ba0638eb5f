namespace Journal.Runtime;

/// <summary>Readable C#-like type names for error messages (List&lt;Int32&gt; rather than List`1[[...]]).</summary>
internal static class TypeNames
{
    public static string Friendly(Type type)
    {
        if (type.IsArray) return Friendly(type.GetElementType()!) + "[]";
        if (!type.IsGenericType) return type.Name;
        var tick = type.Name.IndexOf('`'); // nested types of generic types have none: List<T>.Enumerator
        var name = tick < 0 ? type.Name : type.Name[..tick];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Friendly))}>";
    }
}
