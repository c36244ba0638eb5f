namespace Journal.Runtime;

/// <summary>
/// The request whose turn is running on this logical call path. It flows through the grain's
/// awaits, so a call made by grain code knows its caller: that chain is what deadlock detection walks.
/// </summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<Request?> s_current = new();

    public static Request? CurrentRequest
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }
}
