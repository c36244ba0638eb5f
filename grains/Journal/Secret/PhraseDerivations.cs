namespace Journal.Grains.Journal.Secret;

/// <summary>
/// Where phrase derivations (Argon2id, <see cref="PhraseKdf"/>) run: on the thread pool, off the silo's
/// scheduler, and at most one per two cores at once in this process (one at least). Each holds 64 MiB and
/// a thread for about 100 ms: a burst of unlocks and tag creations waits here, without a thread, rather
/// than taking the node's memory, cores and thread pool from every other request.
/// </summary>
public static class PhraseDerivations
{
    public static readonly int MaxConcurrent = Math.Max(1, Environment.ProcessorCount / 2);

    private static readonly SemaphoreSlim s_slots = new(MaxConcurrent);

    public static async Task<T> RunAsync<T>(Func<T> derive)
    {
        await s_slots.WaitAsync();
        try
        {
            return await Task.Run(derive);
        }
        finally
        {
            s_slots.Release();
        }
    }
}
