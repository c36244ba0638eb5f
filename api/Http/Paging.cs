using Journal.Api.Validation;

namespace Journal.Api.Http;

/// <summary>List paging (PRODUCT.md §9): an opaque cursor, and a limit of 20 by default, at most 100.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The longest cursor a list issues; a longer one cannot be one of them.</summary>
    public const int MaxCursorLength = 200;

    public static readonly IntegerField Limit = new("limit", 1, MaxLimit) { Default = DefaultLimit, Description = "How many items a page holds." };

    public static readonly TextField Cursor = new("cursor", MaxCursorLength) { Description = "The nextCursor of the previous page." };

    /// <summary>The fields of every paged list.</summary>
    public static readonly Field[] Fields = [Limit, Cursor];

    /// <summary>The page size asked for (<see cref="DefaultLimit"/> when absent or refused).</summary>
    public static int Take(string? limit, Validator validator) => validator.Integer(Limit, limit) ?? DefaultLimit;
}
