using System.Collections.Frozen;
using System.Text.Json;

namespace Journal.Grains.Storage;

/// <summary>
/// An enum's values as the snake_case text the tables' CHECK constraints and the API use
/// (<c>SelfHarm</c> ⇄ <c>self_harm</c>), so both spell them the same way.
/// </summary>
public static class EnumText<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> s_texts =
        Enum.GetValues<T>().ToFrozenDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));

    private static readonly FrozenDictionary<string, T> s_values = s_texts.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    public static string ToText(T value) => s_texts[value];

    public static T Parse(string text) =>
        s_values.TryGetValue(text, out var value) ? value : throw new InvalidDataException($"'{text}' is not a {typeof(T).Name}.");
}
