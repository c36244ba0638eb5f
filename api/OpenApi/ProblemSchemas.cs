using System.Reflection;
using System.Text.Json.Nodes;
using Journal.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// The problem+json body (RFC 9457) as this server writes it: <c>type</c> is one of
/// <see cref="ProblemTypes"/>, <c>status</c> a 4xx or 5xx, the texts bounded by what the server
/// puts in them, and the extension members some problems carry.
/// </summary>
public sealed class ProblemSchemas : IOpenApiSchemaTransformer
{
    public const string Problem = nameof(ProblemDetails);
    public const string ValidationProblem = nameof(HttpValidationProblemDetails);

    // The longest detail is a sanction's: a sentence and the moderator's reason (at most 1,000 characters).
    private const int MaxDetailLength = 2_000;

    // A validation message names a field (a property path of the request) and says what is wrong with it.
    private const int MaxMessageLength = 300;

    // A field gets one message per rule it breaks; Validator keeps each message once.
    private const int MaxMessagesPerField = 10;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null || !typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type)) return Task.CompletedTask;
        var properties = schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        properties["type"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String, Description = "Stable: clients switch on it.",
            Enum = [.. typeof(ProblemTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral).Select(field => (JsonNode)JsonValue.Create((string)field.GetRawConstantValue()!))],
        };
        properties["title"] = Text(100, "The status in words.");
        properties["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" };
        properties["detail"] = Text(MaxDetailLength, "What went wrong, for people.");
        properties["instance"] = Text(MaxMessageLength, "The request it answers.", nullable: true);
        properties["traceId"] = Text(100, "The request's trace id, to quote when reporting a problem.");
        properties["reason"] = Text(1_000, "sanctioned: the moderator's reason.", nullable: true);
        properties["until"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time", MaxLength = FieldSchemas.InstantLength,
            Description = "sanctioned: when the suspension ends (null for a ban).",
        };
        properties["banned"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "sanctioned: whether it is a ban." };
        properties["upgrade"] = Text(MaxMessageLength, "premium-required: how to get premium.");
        properties[ProblemResults.RetryAt] = new OpenApiSchema
        {
            Type = JsonSchemaType.String, Format = "date-time", MaxLength = FieldSchemas.InstantLength,
            Description = "new-account-limit, report-limit: when the daily quota allows the next write (Retry-After says the same in seconds).",
        };
        if (typeof(HttpValidationProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object, Description = "validation-failed: the messages for each field, by the field's name as sent (e.g. notifications.dailyTip).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, MaxItems = MaxMessagesPerField, Items = Text(MaxMessageLength, null) },
            };
        }
        schema.Required = new HashSet<string> { "type", "title", "status" };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(int maxLength, string? description, bool nullable = false) => new()
    {
        Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, MaxLength = maxLength,
        Pattern = FieldSchemas.NoControlCharacters, Description = description,
    };
}
