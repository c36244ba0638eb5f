using System.Security.Cryptography;

namespace Journal.Grains.Accounts;

/// <summary>
/// Community pseudonyms such as "GentleHeron4821": random, never derived from the username, so a
/// post cannot be traced back to an account by its author name.
/// </summary>
public static class Pseudonyms
{
    private static readonly string[] s_adjectives =
    [
        "Gentle", "Quiet", "Brave", "Calm", "Kind", "Bright", "Steady", "Warm", "Hopeful", "Patient",
        "Curious", "Soft", "Bold", "Serene", "Sunny", "Misty", "Golden", "Silver", "Wandering", "Humble",
    ];

    private static readonly string[] s_nouns =
    [
        "Heron", "River", "Willow", "Otter", "Maple", "Sparrow", "Harbor", "Meadow", "Fern", "Lantern",
        "Pebble", "Robin", "Cedar", "Tide", "Comet", "Badger", "Clover", "Finch", "Aspen", "Brook",
    ];

    public static string Create() =>
        s_adjectives[RandomNumberGenerator.GetInt32(s_adjectives.Length)]
        + s_nouns[RandomNumberGenerator.GetInt32(s_nouns.Length)]
        + RandomNumberGenerator.GetInt32(1000, 10000);
}
