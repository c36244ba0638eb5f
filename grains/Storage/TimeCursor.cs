using Journal.GrainInterfaces;

namespace Journal.Grains.Storage;

/// <summary>
/// Keyset paging for lists sorted newest first by (a moment, an id): the cursor is the last row's pair.
/// Queries fetch one row more than the limit, so a full page knows whether another follows.
/// </summary>
internal static class TimeCursor
{
    public static (DateTimeOffset? At, Guid? Id) Decode(string? cursor)
    {
        if (cursor is null) return (null, null);
        var parts = Cursor.Decode(cursor, 2);
        return (Cursor.ParseInstant(parts[0]), Cursor.Parse<Guid>(parts[1]));
    }

    public static Page<T> ToPage<TRow, T>(List<TRow> rows, int limit, Func<TRow, (DateTimeOffset At, Guid Id)> position, Func<TRow, T> toItem)
    {
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveRange(limit, rows.Count - limit);
            var (at, id) = position(rows[^1]);
            next = Cursor.Encode(at.UtcTicks.ToString(), id.ToString("N"));
        }
        return new([.. rows.Select(toItem)], next);
    }
}
