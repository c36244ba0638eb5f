namespace Journal.Persistence.CallChains;

/// <summary>A call cycle between non-reentrant grains (A → B → A) that would wait until the response timeout.</summary>
[GenerateSerializer, Alias("journal.deadlock")]
public sealed class DeadlockException : Exception
{
    public DeadlockException(string message) : base(message)
    {
    }
}
