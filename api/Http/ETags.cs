using Journal.Api.Validation;

namespace Journal.Api.Http;

/// <summary>Entity tags of editable resources: the resource's version, quoted ("3").</summary>
public static class ETags
{
    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = $"\"{version}\"";

    /// <summary>The version an If-Match names; null when absent. A malformed header is a validation error.</summary>
    public static int? IfMatch(HttpContext context, Validator validator, bool required)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return null;
        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (value.Length > 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value.AsSpan(1, value.Length - 2), out var version) && version > 0)
            return version;
        validator.Add("If-Match", "If-Match must be the ETag the resource was read with, e.g. \"3\".");
        return null;
    }
}
