using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface IContextGrain : IGrainWithGuidKey
{
    /// <summary>Sets an AsyncLocal and returns the value it found there (what an earlier turn may have leaked).</summary>
    Task<string?> SetAmbient(string value);
}

public sealed class ContextGrain : Grain, IContextGrain
{
    public static readonly AsyncLocal<string?> Ambient = new();

    public Task<string?> SetAmbient(string value)
    {
        var found = Ambient.Value;
        Ambient.Value = value;
        return Task.FromResult(found);
    }
}
