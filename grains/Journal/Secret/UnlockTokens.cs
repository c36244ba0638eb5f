using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Journal.Grains.Privacy;

namespace Journal.Grains.Journal.Secret;

/// <summary>
/// Short-lived unlock tokens for a user's secret tags. A token carries the tag's key itself, sealed
/// (AES-GCM) under a key derived from the user's data key and bound to the user, the tag and the
/// expiry: the server keeps no tag key between requests, a token is useless for another user (it does
/// not open under their key), and it dies with the account (crypto-shredding). Layout, base64url:
/// tag id (16) | expiry, Unix seconds (8) | sealed tag key.
/// </summary>
public sealed class UnlockTokens(UserDataKey userKey, Guid userId)
{
    public const string KeyPurpose = "secret-tag-unlock";

    private const int Header = 16 + 8;

    private readonly byte[] _key = userKey.DeriveKey(KeyPurpose);

    public string Issue(Guid tagId, byte[] tagKey, DateTimeOffset expiresAt)
    {
        var header = new byte[Header];
        tagId.TryWriteBytes(header.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(16), expiresAt.ToUnixTimeSeconds());
        var sealedKey = AesGcmSeal.Seal(_key, tagKey, AssociatedData(header));
        return Base64Url.EncodeToString([.. header, .. sealedKey]);
    }

    /// <summary>The tag and its key, or null for a token that is malformed, forged, another user's, or expired at <paramref name="now"/>.</summary>
    public (Guid TagId, byte[] Key)? Open(string token, DateTimeOffset now)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length <= Header) return null;
        var header = bytes.AsSpan(0, Header);
        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(header[16..]), 0, 253402300799)) <= now) return null;
        try
        {
            return (new Guid(header[..16]), AesGcmSeal.Open(_key, bytes.AsSpan(Header), AssociatedData(header)));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private byte[] AssociatedData(ReadOnlySpan<byte> header) => [.. Encoding.UTF8.GetBytes($"{userId:N}/{KeyPurpose}/"), .. header];
}
