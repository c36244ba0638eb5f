using System.Security.Cryptography;

namespace Journal.Grains.Accounts;

/// <summary>
/// Community pseudonyms such as "GentleHeron4821": random, never derived from the username, so a
/// post cannot be traced back to an account by its author name. 40 × 40 × 90,000 = 144 million of
/// them; the rare clash with an existing one is caught by the unique index and registration retries.
/// </summary>
public static class Pseudonyms
{
    private static readonly string[] s_adjectives =
    [
        "Gentle", "Quiet", "Brave", "Calm", "Kind", "Bright", "Steady", "Warm", "Hopeful", "Patient",
        "Curious", "Soft", "Bold", "Serene", "Sunny", "Misty", "Golden", "Silver", "Wandering", "Humble",
        "Tender", "Clever", "Cheerful", "Mellow", "Radiant", "Honest", "Lively", "Peaceful", "Quick", "Sincere",
        "Amber", "Azure", "Coral", "Crimson", "Emerald", "Ivory", "Jade", "Scarlet", "Velvet", "Cosmic",
    ];

    private static readonly string[] s_nouns =
    [
        "Heron", "River", "Willow", "Otter", "Maple", "Sparrow", "Harbor", "Meadow", "Fern", "Lantern",
        "Pebble", "Robin", "Cedar", "Tide", "Comet", "Badger", "Clover", "Finch", "Aspen", "Brook",
        "Falcon", "Lynx", "Panda", "Koala", "Dolphin", "Wren", "Magpie", "Hazel", "Birch", "Juniper",
        "Canyon", "Glacier", "Island", "Prairie", "Summit", "Valley", "Breeze", "Ember", "Nebula", "Orchid",
    ];

    public static string Create() =>
        s_adjectives[RandomNumberGenerator.GetInt32(s_adjectives.Length)]
        + s_nouns[RandomNumberGenerator.GetInt32(s_nouns.Length)]
        + RandomNumberGenerator.GetInt32(10_000, 100_000);
}
