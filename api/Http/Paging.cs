using Journal.Api.Validation;

namespace Journal.Api.Http;

/// <summary>List limits (PRODUCT.md §9): 20 by default, at most 100.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static int Limit(string? value, Validator validator)
    {
        if (value is null) return DefaultLimit;
        if (int.TryParse(value, out var limit) && limit is >= 1 and <= MaxLimit) return limit;
        validator.Add("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        return DefaultLimit;
    }
}
