using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// Bounds that follow from a value's type wherever no rule narrows them: an id is 36 characters, a date
/// 10, an instant at most 33 (as System.Text.Json writes them); an int32 or int64 lies in its type's range.
/// Numbers are JSON numbers: the text form System.Text.Json would also read is not part of the contract.
/// </summary>
public sealed class ValueBounds : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        Apply(schema);
        return Task.CompletedTask;
    }

    private static void Apply(IOpenApiSchema candidate)
    {
        if (candidate is not OpenApiSchema schema) return; // a reference: its component gets its own call
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            if (type.HasFlag(JsonSchemaType.String))
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            (string Min, string Max)? range = schema.Format switch
            {
                "int32" => (int.MinValue.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture)),
                "int64" => (long.MinValue.ToString(CultureInfo.InvariantCulture), long.MaxValue.ToString(CultureInfo.InvariantCulture)),
                _ => null,
            };
            if (range is { } bounds && schema.Type!.Value.HasFlag(JsonSchemaType.Integer))
            {
                schema.Minimum ??= bounds.Min;
                schema.Maximum ??= bounds.Max;
            }
        }
        else if (type.HasFlag(JsonSchemaType.String) && schema.MaxLength is null && schema.Enum is not { Count: > 0 })
        {
            var length = schema.Format switch
            {
                "uuid" => 36,
                "date" => 10,
                "date-time" => FieldSchemas.InstantLength,
                _ => (int?)null,
            };
            schema.MaxLength = length;
            if (schema.Format is "uuid" or "date") schema.MinLength = length;
        }
        foreach (var property in schema.Properties?.Values ?? []) Apply(property);
        if (schema.Items is { } items) Apply(items);
        if (schema.AdditionalProperties is { } additional) Apply(additional);
        foreach (var alternative in (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? [])) Apply(alternative);
    }
}
