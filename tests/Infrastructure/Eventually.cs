namespace Journal.Tests.Infrastructure;

/// <summary>Waits for a condition that background work (collection, timers, stream agents) makes true.</summary>
public static class Eventually
{
    public static Task True(Func<bool> condition, string because, int timeoutMs = 10_000) =>
        True(() => Task.FromResult(condition()), because, timeoutMs);

    public static Task True(Func<Task<bool>> condition, string because, int timeoutMs = 10_000) => True(condition, () => because, timeoutMs);

    /// <summary>As above; <paramref name="because"/> is read on failure, so it can tell what was seen last.</summary>
    public static async Task True(Func<Task<bool>> condition, Func<string> because, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline) Assert.Fail($"Not true within {timeoutMs} ms: {because()}");
            await Task.Delay(20);
        }
    }
}
