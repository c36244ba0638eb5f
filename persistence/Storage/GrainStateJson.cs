using System.Text.Json;

namespace Journal.Persistence.Storage;

/// <summary>
/// How grain state and stream events are stored: plain System.Text.Json with web defaults, no type
/// names, so a renamed class still reads its stored state.
/// </summary>
public static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? NewState<T>();

    public static T NewState<T>() => typeof(T) == typeof(string) ? default! : Activator.CreateInstance<T>();
}
