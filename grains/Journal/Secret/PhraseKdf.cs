using System.Text;
using NSec.Cryptography;

namespace Journal.Grains.Journal.Secret;

/// <summary>
/// The cost of turning a secret-tag phrase into a key with Argon2id (libsodium through NSec; one lane,
/// the only one libsodium offers). Stored with each tag, so raising the cost later leaves older tags
/// readable. The default, 64 MiB and 3 passes, took about 100 ms per derivation on the development
/// machine (docs/SECRET_TAGS.md, "Cost"): each guess of an offline attacker costs the same.
/// </summary>
public sealed record PhraseKdf(int MemoryKib, int Passes)
{
    public const int SaltBytes = 16;
    public const int KeyBytes = 32;

    public static readonly PhraseKdf Default = new(64 * 1024, 3);

    /// <summary>
    /// The key of <paramref name="phrase"/> (its UTF-8 bytes, exactly as sent) with <paramref name="salt"/>.
    /// The service runs with invariant globalization, which cannot normalize Unicode, so clients send
    /// the phrase in NFC (docs/SECRET_TAGS.md): "é" composed and decomposed are different phrases here.
    /// </summary>
    public byte[] Derive(string phrase, ReadOnlySpan<byte> salt)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = MemoryKib,
            NumberOfPasses = Passes,
        });
        return algorithm.DeriveBytes(Encoding.UTF8.GetBytes(phrase), salt, KeyBytes);
    }
}
