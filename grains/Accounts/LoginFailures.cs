namespace Journal.Grains.Accounts;

/// <summary>
/// Failed password attempts within a sliding <see cref="Window"/>: once a limit of them is reached,
/// further attempts are refused until the oldest leaves the window.
/// </summary>
public sealed class LoginFailures
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly List<DateTimeOffset> _at = [];

    /// <summary>Counts an attempt made at <paramref name="now"/>, or refuses it with how long to wait.</summary>
    public bool TryCount(int limit, DateTimeOffset now, out TimeSpan retryAfter)
    {
        var expired = _at.FindIndex(at => at + Window > now);
        _at.RemoveRange(0, expired < 0 ? _at.Count : expired);
        if (_at.Count >= limit)
        {
            retryAfter = _at[0] + Window - now;
            return false;
        }
        _at.Add(now);
        retryAfter = TimeSpan.Zero;
        return true;
    }

    public void Uncount(DateTimeOffset at) => _at.Remove(at);

    public void Clear() => _at.Clear();
}
