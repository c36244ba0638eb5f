using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Journal.Grains.Privacy;

/// <summary>Wraps and unwraps users' data keys with the configured master key (envelope encryption).</summary>
public sealed class MasterKey
{
    private readonly byte[] _key;

    public MasterKey(IOptions<EncryptionOptions> options)
    {
        var settings = options.Value;
        _key = Parse(settings.MasterKey);
        Id = settings.MasterKeyId;
    }

    public string Id { get; }

    /// <summary>A fresh random data key for a new user, and its wrapped form to store.</summary>
    public (UserDataKey Key, byte[] Wrapped) CreateDataKey(Guid userId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (new UserDataKey(userId, key), AesGcmSeal.Seal(_key, key, userId.ToByteArray()));
    }

    public UserDataKey Unwrap(Guid userId, byte[] wrapped, string masterKeyId)
    {
        if (masterKeyId != Id)
            throw new CryptographicException($"The data key of this user is wrapped by master key '{masterKeyId}', but the configured one is '{Id}'.");
        return new UserDataKey(userId, AesGcmSeal.Open(_key, wrapped, userId.ToByteArray()));
    }

    /// <summary>A key derived from the master key for keyed hashes (audit log), so those hashes cannot be reversed by guessing.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    private static byte[] Parse(string value)
    {
        try
        {
            var key = Convert.FromBase64String(value);
            if (key.Length == 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new InvalidOperationException(
            $"{EncryptionOptions.SectionName}:MasterKey must be 32 random bytes in base64 (set Encryption__MasterKey, e.g. to the output of `openssl rand -base64 32`); scripts/run.sh generates one for local use.");
    }
}
