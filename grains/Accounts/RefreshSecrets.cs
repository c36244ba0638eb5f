using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Journal.Grains.Accounts;

/// <summary>Refresh-token secrets: 256 random bits; only their SHA-256 is stored.</summary>
public static class RefreshSecrets
{
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
