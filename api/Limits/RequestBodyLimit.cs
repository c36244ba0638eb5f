using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Limits;

/// <summary>Request bodies are at most 256 KB (PRODUCT.md §9); larger ones get a 413 problem.</summary>
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
        if (context.Request.ContentLength > MaxBytes) context.SetEndpoint(s_tooLarge);
        else if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        return next(context);
    });

    private static Task WriteTooLargeAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Detail = $"The request body is larger than {MaxBytes / 1024} KB." },
        }).AsTask();
    }
}
