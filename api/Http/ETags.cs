using System.Collections.Immutable;
using System.Globalization;
using Journal.Api.Validation;
using Microsoft.Net.Http.Headers;

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
        var header = context.Request.Headers.IfMatch;
        if (header.ToString().Length == 0) return IfMatch.Absent;
        if (!EntityTagHeaderValue.TryParseStrictList(header, out var tags))
        {
            validator.Add("If-Match", "If-Match must be the ETag the resource was read with, e.g. \"3\".");
            return IfMatch.Absent;
        }
        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any))) return IfMatch.AnyVersion;
        var versions = ImmutableList.CreateBuilder<int>();
        foreach (var tag in tags.Where(tag => !tag.IsWeak))
        {
            // Strong comparison: only the exact tag this service issued ("3", never "03" or "+3") matches.
            var opaque = tag.Tag.AsSpan(1, tag.Tag.Length - 2);
            if (int.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
                && opaque.SequenceEqual(version.ToString(CultureInfo.InvariantCulture))) versions.Add(version);
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
