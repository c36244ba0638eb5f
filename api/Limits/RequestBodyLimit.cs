using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Limits;

/// <summary>Request bodies are at most 256 KB (PRODUCT.md §9); larger ones get a 413 problem.</summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 256 * 1024;

    /// <summary>
    /// Refuses a declared Content-Length over the limit before anything reads the body, and caps
    /// streamed (chunked) bodies through the server's own limit where it has one (Kestrel).
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Detail = $"The request body is larger than {MaxBytes / 1024} KB.",
                },
            });
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        await next(context);
    });
}
