using System.Security.Cryptography;
using System.Text;
using Journal.Grains.Privacy;

namespace Journal.Grains.Journal.Secret;

/// <summary>
/// A secret tag's key as stored: a random AES-256 key, sealed (AES-GCM) under the key Argon2id derives
/// from the phrase and a per-tag salt, bound to the user and the tag. Opening it is the phrase check:
/// a wrong phrase fails the GCM tag, so no separate verifier is stored, and an attacker holding the
/// row (and the master key) must pay one Argon2id derivation per guess.
/// </summary>
public sealed record SecretTagKey(byte[] Salt, PhraseKdf Kdf, byte[] Wrapped)
{
    /// <summary>A fresh random key for a new tag, and its stored form.</summary>
    public static (byte[] Key, SecretTagKey Stored) Create(string phrase, PhraseKdf kdf, Guid userId, Guid tagId)
    {
        var key = RandomNumberGenerator.GetBytes(PhraseKdf.KeyBytes);
        var salt = RandomNumberGenerator.GetBytes(PhraseKdf.SaltBytes);
        var wrapped = AesGcmSeal.Seal(kdf.Derive(phrase, salt), key, AssociatedData(userId, tagId));
        return (key, new SecretTagKey(salt, kdf, wrapped));
    }

    /// <summary>The tag's key, or null when <paramref name="phrase"/> is not the tag's phrase.</summary>
    public byte[]? Open(string phrase, Guid userId, Guid tagId)
    {
        try
        {
            return AesGcmSeal.Open(Kdf.Derive(phrase, Salt), Wrapped, AssociatedData(userId, tagId));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[] AssociatedData(Guid userId, Guid tagId) => Encoding.UTF8.GetBytes($"{userId:N}/secret-tag-key/{tagId:N}");
}
