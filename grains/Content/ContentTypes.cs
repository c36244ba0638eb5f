using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;
using Journal.GrainInterfaces.Content;

namespace Journal.Grains.Content;

/// <summary>
/// Content types as stored and sent: the snake_case names the enum declares for JSON (module,
/// exercise_cbt, journal_prompt, …), read once, so the wire, the database and queries agree.
/// </summary>
public static class ContentTypes
{
    private static readonly FrozenDictionary<ContentType, string> s_names = Enum.GetValues<ContentType>().ToFrozenDictionary(
        type => type, type => typeof(ContentType).GetField(type.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    private static readonly FrozenDictionary<string, ContentType> s_types = s_names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IEnumerable<string> Names => s_names.Values;

    public static string ToText(ContentType type) => s_names[type];

    public static ContentType Parse(string name) => s_types[name];

    public static bool TryParse(string name, out ContentType type) => s_types.TryGetValue(name, out type);
}
