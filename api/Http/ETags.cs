using System.Collections.Immutable;
using System.Globalization;
using Journal.Api.Validation;

namespace Journal.Api.Http;

/// <summary>Entity tags of editable resources: the resource's version, quoted ("3").</summary>
public static class ETags
{
    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = $"\"{version}\"";

    /// <summary>
    /// Reads If-Match (RFC 9110 §13.1.1). Absent: <see cref="IfMatch.Absent"/>. "*": any current
    /// version. Otherwise the versions its strong tags name; weak tags and tags this service never
    /// issued match nothing (412). A header that is not a list of entity tags is a validation error.
    /// </summary>
    public static IfMatch ReadIfMatch(HttpContext context, Validator validator)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return IfMatch.Absent;
        if (header.Trim() == "*") return IfMatch.AnyVersion;
        var versions = ImmutableList.CreateBuilder<int>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var weak = part.StartsWith("W/", StringComparison.Ordinal);
            var tag = weak ? part[2..] : part;
            if (tag.Length < 2 || tag[0] != '"' || tag[^1] != '"' || tag.AsSpan(1, tag.Length - 2).Contains('"'))
            {
                validator.Add("If-Match", "If-Match must be the ETag the resource was read with, e.g. \"3\".");
                return IfMatch.Absent;
            }
            // Strong comparison: only the exact tag this service issued ("3", never "03" or "+3") matches.
            var opaque = tag[1..^1];
            if (!weak && int.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
                && opaque == version.ToString(CultureInfo.InvariantCulture)) versions.Add(version);
        }
        return new IfMatch(true, versions.ToImmutable());
    }
}

/// <summary>An If-Match condition: <paramref name="Versions"/> null means any version ("*").</summary>
public sealed record IfMatch(bool Present, ImmutableList<int>? Versions)
{
    public static readonly IfMatch Absent = new(false, null);
    public static readonly IfMatch AnyVersion = new(true, null);
}
