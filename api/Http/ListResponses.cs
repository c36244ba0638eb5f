namespace Journal.Api.Http;

/// <summary>A list without paging.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);

/// <summary>A page of a list (PRODUCT.md §9): nextCursor is null on the last page.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
