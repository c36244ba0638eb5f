using System.Globalization;
using System.Text.Json.Nodes;
using Journal.Api.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// States the rules of each <see cref="Field"/> in the document: the schema of every property of a
/// request record (<see cref="FieldsAttribute"/>) and of every declared query parameter
/// (<see cref="ParameterFields"/>) is made from its field alone. A property without a field is an
/// error, so no request value can be accepted without the document saying what it may be.
/// </summary>
public sealed class FieldSchemas : IOpenApiSchemaTransformer
{
    /// <summary>The characters <see cref="Validator.Text"/> refuses: control characters except tab, line feed and carriage return.</summary>
    public const string NoControlCharacters = @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

    private const string NoControlCharactersAtAll = @"^[^\u0000-\u001F\u007F-\u009F]*$";

    /// <summary>The length of an ISO 8601 instant as System.Text.Json writes it: 2026-12-03T16:06:19.1234567+00:00.</summary>
    public const int InstantLength = 33;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null
            || context.JsonTypeInfo.Type.GetCustomAttributes(typeof(FieldsAttribute), false) is not [FieldsAttribute declared]) return Task.CompletedTask;
        var type = context.JsonTypeInfo.Type.Name;
        var fields = FieldsAttribute.Of(declared.DeclaringType).ToDictionary(field => field.Name, StringComparer.Ordinal);
        var properties = schema.Properties ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var name in properties.Keys.ToList())
        {
            if (!fields.Remove(name, out var field))
                throw new InvalidOperationException($"{type}.{name} has no field in {declared.DeclaringType.Name}: declare its rules there.");
            properties[name] = For(field, properties[name], inBody: true);
        }
        if (fields.Count > 0)
            throw new InvalidOperationException($"{declared.DeclaringType.Name} declares {string.Join(", ", fields.Keys)}, which {type} does not have.");
        schema.Required = new SortedSet<string>(FieldsAttribute.Of(declared.DeclaringType).Where(field => field.Required).Select(field => field.Name), StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The schema of a value of <paramref name="field"/>; a nested object keeps <paramref name="generated"/>,
    /// the schema of its own type. In a JSON body an optional field may be sent as null; a query value is text or absent.
    /// </summary>
    public static IOpenApiSchema For(Field field, IOpenApiSchema? generated, bool inBody)
    {
        var schema = field switch
        {
            TextField text => new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = text.Format, MaxLength = text.MaxLength,
                MinLength = Math.Max(text.MinLength, text.Required ? 1 : 0) is > 0 and var min ? min : null,
                Pattern = text.Pattern ?? NoControlCharacters,
            },
            IntegerField number => new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int32",
                Minimum = number.Minimum.ToString(CultureInfo.InvariantCulture), Maximum = number.Maximum.ToString(CultureInfo.InvariantCulture),
                Default = number.Default is { } value ? JsonValue.Create(value) : null,
            },
            LabelsField labels => new OpenApiSchema
            {
                Type = JsonSchemaType.Array, MaxItems = labels.MaxCount,
                Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = labels.MaxLength, Pattern = NoControlCharactersAtAll },
                Description = "Trimmed and lower-cased by the server; duplicates collapse.",
            },
            ChoiceListField list => new OpenApiSchema { Type = JsonSchemaType.Array, MaxItems = list.MaxCount, Items = Choices(list.Choices, null) },
            ChoiceField choice => Choices(choice.Choices, choice.Default),
            FlagField => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            IdField => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", MinLength = 36, MaxLength = 36 },
            DateField date => new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date", MinLength = 10, MaxLength = 10,
                Description = date.Earliest is { } earliest ? $"Not before {earliest:yyyy-MM-dd}." : null,
            },
            InstantField => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", MaxLength = InstantLength },
            JsonObjectField json => new OpenApiSchema
            {
                Type = JsonSchemaType.Object, Description = $"Any JSON object of at most {json.MaxLength} characters (as sent).",
            },
            ObjectField => generated ?? throw new InvalidOperationException($"The nested object '{field.Name}' has no schema of its own."),
            _ => throw new InvalidOperationException($"No schema for a {field.GetType().Name}."),
        };
        if (schema is OpenApiSchema inline)
        {
            if (inBody && !field.Required)
            {
                inline.Type |= JsonSchemaType.Null;
                inline.Enum?.Add(null!);
            }
            if (field.Description is { } description) inline.Description = inline.Description is null ? description : description + " " + inline.Description;
        }
        return schema;
    }

    private static OpenApiSchema Choices(IReadOnlyList<string> choices, string? defaultChoice) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. choices.Select(choice => (JsonNode)JsonValue.Create(choice))],
        Default = defaultChoice is null ? null : JsonValue.Create(defaultChoice),
    };
}
