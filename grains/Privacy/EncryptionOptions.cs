namespace Journal.Grains.Privacy;

/// <summary>
/// The master key that wraps every user's data key (configuration section <c>Encryption</c>).
/// scripts/run.sh generates one for local use; production supplies its own from a secret store.
/// </summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "Encryption";

    /// <summary>32 random bytes, base64 (e.g. <c>openssl rand -base64 32</c>).</summary>
    public string MasterKey { get; set; } = "";

    /// <summary>Names the master key in each wrapped data key, so a rotation can tell old wraps from new.</summary>
    public string MasterKeyId { get; set; } = "k1";
}
