using System.Text.Json;

namespace Journal.Runtime;

/// <summary>How grain state is serialized (both providers), so the memory provider catches what PostgreSQL would reject.</summary>
internal static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<TState>(TState state) => JsonSerializer.Serialize(state, Options);

    public static TState Deserialize<TState>(string json) => JsonSerializer.Deserialize<TState>(json, Options) ?? NewState<TState>();

    public static TState NewState<TState>() => typeof(TState) == typeof(string) ? default! : Activator.CreateInstance<TState>();
}
