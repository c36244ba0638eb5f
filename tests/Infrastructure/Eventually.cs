namespace Journal.Tests.Infrastructure;

/// <summary>Waits for a condition that background work (collection, timers) makes true.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string because, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) Assert.Fail($"Not true within {timeoutMs} ms: {because}");
            await Task.Delay(20);
        }
    }
}
