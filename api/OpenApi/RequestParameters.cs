using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// The query and path parameters and request headers of an operation, stated from what the endpoint
/// declares: a parameter's schema comes from its field (<see cref="ParameterFields"/>), a header's from
/// <see cref="HeaderParameter"/>. A query parameter or a text path parameter the handler reads without
/// declaring it is an error.
/// </summary>
public sealed class RequestParameters : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var route = context.Description.RelativePath;
        var fields = metadata.OfType<ParameterFields>().SelectMany(declared => declared.Fields.Select(field => (declared.In, field)))
            .ToDictionary(pair => (pair.In, pair.field.Name), pair => pair.field);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            var declared = fields.Remove((parameter.In!.Value, parameter.Name!), out var field);
            if (!declared && (parameter.In == ParameterLocation.Query || IsPlainText(parameter)))
                throw new InvalidOperationException($"The {parameter.In} parameter '{parameter.Name}' of {route} has no field: declare it with WithQuery or WithPath.");
            if (!declared) continue;
            parameter.Schema = FieldSchemas.For(field!, null, inBody: false);
            parameter.Required = parameter.In == ParameterLocation.Path || field!.Required;
            parameter.Description = field!.Description;
        }
        if (fields.Count > 0) throw new InvalidOperationException($"{route} declares parameters it does not read: {string.Join(", ", fields.Keys)}.");

        foreach (var header in metadata.OfType<HeaderParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Required = header.Required, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = header.MaxLength, Pattern = header.Pattern },
            });
        }
        return Task.CompletedTask;
    }

    private static bool IsPlainText(OpenApiParameter parameter) =>
        parameter.In == ParameterLocation.Path && parameter.Schema is { Type: { } type, Format: null } && type.HasFlag(JsonSchemaType.String);
}
