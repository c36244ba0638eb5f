using System.Text.RegularExpressions;

namespace Journal.Api.Validation;

/// <summary>
/// A field of a request (a body property or a query parameter) and the rules the server holds it to.
/// The same object is what <see cref="Validator"/> checks and what the OpenAPI document states
/// (<c>OpenApi/FieldSchemas</c>), so the two cannot disagree. A request record names the class that
/// declares its fields with <see cref="FieldsAttribute"/>; a route names its query fields with
/// <c>WithQuery</c>.
/// </summary>
public abstract record Field(string Name)
{
    /// <summary>Must be present (and, for text, not blank).</summary>
    public bool Required { get; init; }

    /// <summary>What the field means or a rule that no keyword of JSON Schema can state.</summary>
    public string? Description { get; init; }
}

/// <summary>
/// Text of <see cref="MinLength"/> to <see cref="MaxLength"/> characters without control characters
/// other than line breaks and tabs, matching <see cref="Pattern"/> when one is given.
/// </summary>
public sealed record TextField(string Name, int MaxLength) : Field(Name)
{
    private readonly string? _pattern;
    private Regex? _regex;

    public int MinLength { get; init; }

    /// <summary>A regular expression in the syntax JSON Schema uses (ECMAScript), anchored with ^ and $.</summary>
    public string? Pattern
    {
        get => _pattern;
        init
        {
            _pattern = value;
            // In .NET, $ also matches before a final line break; \z does not, as JSON Schema's $ does not.
            _regex = value is null ? null : new Regex(value.EndsWith('$') ? value[..^1] + @"\z" : value, RegexOptions.CultureInvariant);
        }
    }

    /// <summary>The message when <see cref="Pattern"/> does not match.</summary>
    public string? PatternMessage { get; init; }

    /// <summary>A JSON Schema format the text has (e.g. email), checked by the route where it needs more than a pattern.</summary>
    public string? Format { get; init; }

    internal bool Matches(string value) => _regex?.IsMatch(value) ?? true;
}

/// <summary>A whole number from <see cref="Minimum"/> to <see cref="Maximum"/>; a query value is its decimal text.</summary>
public sealed record IntegerField(string Name, int Minimum, int Maximum) : Field(Name)
{
    /// <summary>The value an absent query parameter takes.</summary>
    public int? Default { get; init; }
}

/// <summary>Short labels (tags, triggers): at most <see cref="MaxCount"/>, each 1 to <see cref="MaxLength"/> characters once trimmed; kept lower-cased, duplicates collapse.</summary>
public sealed record LabelsField(string Name, int MaxCount, int MaxLength) : Field(Name);

/// <summary>A list of values each one of <see cref="Choices"/>, at most <see cref="MaxCount"/> of them.</summary>
public sealed record ChoiceListField(string Name, IReadOnlyList<string> Choices, int MaxCount) : Field(Name);

/// <summary>One of a fixed set of words (compared without regard to case).</summary>
public record ChoiceField(string Name, IReadOnlyList<string> Choices) : Field(Name)
{
    /// <summary>The value an absent query parameter takes.</summary>
    public string? Default { get; init; }

    /// <summary>The choice as the API spells it, or null when <paramref name="value"/> is none of them.</summary>
    internal string? Find(string value) => Choices.FirstOrDefault(choice => string.Equals(choice, value, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One of the values of <typeparamref name="T"/>, by the names the API gives them.</summary>
public sealed record ChoiceField<T>(string Name, IReadOnlyList<KeyValuePair<string, T>> Values) : ChoiceField(Name, [.. Values.Select(value => value.Key)])
    where T : struct
{
    internal T? Parse(string value) => Find(value) is { } choice ? Values.First(pair => pair.Key == choice).Value : null;
}

public static class ChoiceFields
{
    /// <summary>The values of an enum as the project's storage and API spell them (snake_case: <c>self_harm</c>), in declaration order.</summary>
    public static ChoiceField<T> Of<T>(string name) where T : struct, Enum =>
        new(name, [.. Enum.GetValues<T>().Select(value => KeyValuePair.Create(Grains.Storage.EnumText<T>.ToText(value), value))]);
}

/// <summary>true or false; a query value is its text.</summary>
public sealed record FlagField(string Name) : Field(Name);

/// <summary>An id (a UUID).</summary>
public sealed record IdField(string Name) : Field(Name);

/// <summary>A calendar date (YYYY-MM-DD), not before <see cref="Earliest"/> when one is given.</summary>
public sealed record DateField(string Name) : Field(Name)
{
    public DateOnly? Earliest { get; init; }
}

/// <summary>An instant: an ISO 8601 date and time with its offset.</summary>
public sealed record InstantField(string Name) : Field(Name);

/// <summary>A JSON object of the client's own, at most <see cref="MaxLength"/> characters of JSON.</summary>
public sealed record JsonObjectField(string Name, int MaxLength) : Field(Name);

/// <summary>A nested object whose own fields its type declares.</summary>
public sealed record ObjectField(string Name) : Field(Name);

/// <summary>Names the static class whose <see cref="Field"/> members are the fields of this request record, one per property.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FieldsAttribute(Type declaringType) : Attribute
{
    public Type DeclaringType { get; } = declaringType;

    /// <summary>The fields <paramref name="declaringType"/> declares (read when the OpenAPI document is made, never per request).</summary>
    public static IReadOnlyList<Field> Of(Type declaringType) =>
        [.. declaringType.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(member => typeof(Field).IsAssignableFrom(member.FieldType))
            .Select(member => (Field)member.GetValue(null)!)];
}
