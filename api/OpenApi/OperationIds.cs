using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// An operationId for every operation, made from its method and path (the paths are the contract,
/// PRODUCT.md): <c>POST /v1/journal/entries/{id}/restore</c> is <c>postJournalEntriesByIdRestore</c>.
/// Unique because method and path are, and stable for as long as the path is; handler names may change freely.
/// </summary>
public sealed class OperationIds : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.OperationId ??= For(context.Description.HttpMethod ?? "GET", context.Description.RelativePath ?? "");
        return Task.CompletedTask;
    }

    public static string For(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != "v1"))
        {
            var parameter = segment.StartsWith('{');
            if (parameter) id.Append("By");
            foreach (var word in segment.Trim('{', '}').Split(':')[0].Split('-', '_'))
                if (word.Length > 0) id.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }
        return id.ToString();
    }
}
