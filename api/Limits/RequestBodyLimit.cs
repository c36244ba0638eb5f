using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Limits;

/// <summary>
/// Request bodies are at most 256 KB (PRODUCT.md §9), unless the endpoint declares a limit of its own
/// (<see cref="WithBodySizeLimit"/>: attachment uploads); larger ones get a 413 problem.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 256 * 1024;

    // The refusal is an endpoint of its own, so that it passes authentication and the rate limiter like
    // any request: it counts against the caller's quota and carries the RateLimit headers every 4xx has.
    private static readonly Endpoint s_tooLarge = new(WriteTooLargeAsync, EndpointMetadataCollection.Empty, "Request body too large");

    /// <summary>
    /// Refuses a declared Content-Length over the limit before anything reads the body (the request goes
    /// on to <see cref="s_tooLarge"/> instead of its route), and caps streamed (chunked) bodies through
    /// the server's own limit where it has one (Kestrel).
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var max = LimitOf(context);
        if (context.Request.ContentLength > max)
        {
            context.Items[typeof(BodySizeLimit)] = max;
            context.SetEndpoint(s_tooLarge);
        }
        else if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        return next(context);
    });

    /// <summary>Lets the endpoint take bodies up to <paramref name="maxBytes"/> instead of <see cref="MaxBytes"/>.</summary>
    public static RouteHandlerBuilder WithBodySizeLimit(this RouteHandlerBuilder endpoint, long maxBytes) => endpoint.WithMetadata(new BodySizeLimit(maxBytes));

    // Routing has run: the endpoint's own limit is known before the body is read.
    private static long LimitOf(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxBytes;

    private static Task WriteTooLargeAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Detail = $"The request body is larger than {Describe((long)context.Items[typeof(BodySizeLimit)]!)}." },
        }).AsTask();
    }

    private static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";

    private sealed record BodySizeLimit(long MaxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => MaxBytes;
    }
}
