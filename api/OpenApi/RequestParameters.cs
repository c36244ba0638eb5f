using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// The query parameters and request headers of an operation, stated from what the endpoint declares:
/// a query parameter's schema comes from its field (<see cref="QueryFields"/>), a header's from
/// <see cref="HeaderParameter"/>. A query parameter the handler reads without declaring it is an error.
/// </summary>
public sealed class RequestParameters : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var route = context.Description.RelativePath;
        var fields = metadata.OfType<QueryFields>().SelectMany(query => query.Fields).ToDictionary(field => field.Name, StringComparer.Ordinal);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            if (!fields.Remove(parameter.Name!, out var field))
                throw new InvalidOperationException($"The query parameter '{parameter.Name}' of {route} has no field: declare it with WithQuery.");
            parameter.Schema = FieldSchemas.For(field, null, inBody: false);
            parameter.Required = field.Required;
            parameter.Description = field.Description;
        }
        if (fields.Count > 0) throw new InvalidOperationException($"{route} declares query fields it does not read: {string.Join(", ", fields.Keys)}.");

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
}
