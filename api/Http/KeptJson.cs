using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Journal.Api.Http;

/// <summary>
/// A 200 with the JSON of an immutable value that a grain hands out again as the same instance until
/// it changes (the progress summary, read far more often than written): its bytes are made once and
/// kept with the instance for as long as it lives. A value that came from another silo is a new
/// instance each time: it is serialized for its one answer, and its table entry (a dependent handle)
/// is the cost it adds, gone when the value is collected. Documented in OpenAPI as <c>Ok&lt;T&gt;</c> is.
/// </summary>
public sealed class KeptJson<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
    where T : class
{
    private static readonly ConditionalWeakTable<T, byte[]> s_json = new();

    public T Value => value;

    object IValueHttpResult.Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext context)
    {
        if (!s_json.TryGetValue(value, out var json))
        {
            json = JsonSerializer.SerializeToUtf8Bytes(value, context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
            s_json.AddOrUpdate(value, json);
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
