namespace Journal.Grains.Journal.Secret;

/// <summary>Secret tags' settings (configuration section <c>SecretTags</c>; docs/SECRET_TAGS.md).</summary>
public sealed class SecretTagOptions
{
    public const string SectionName = "SecretTags";

    /// <summary>Argon2id memory of a new tag's phrase key, in KiB (existing tags keep theirs).</summary>
    public int Argon2MemoryKib { get; set; } = PhraseKdf.Default.MemoryKib;

    /// <summary>Argon2id passes of a new tag's phrase key.</summary>
    public int Argon2Passes { get; set; } = PhraseKdf.Default.Passes;

    /// <summary>How long an unlock token opens its tag.</summary>
    public TimeSpan UnlockLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong phrases a user may try (over all their tags) within 15 minutes before unlocks are refused.</summary>
    public int MaxFailures { get; set; } = 5;

    public PhraseKdf Kdf => new(Argon2MemoryKib, Argon2Passes);
}
