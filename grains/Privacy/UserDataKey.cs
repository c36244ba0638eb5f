using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Journal.Grains.Privacy;

/// <summary>
/// One user's data key, held only in the memory of that user's grains. Each ciphertext is bound to
/// the user, the row and what it holds, so ciphertexts cannot be swapped between rows or users.
/// </summary>
public sealed class UserDataKey(Guid userId, byte[] key)
{
    public byte[] Seal<T>(string purpose, Guid rowId, T value) =>
        AesGcmSeal.Seal(key, JsonSerializer.SerializeToUtf8Bytes(value), AssociatedData(purpose, rowId));

    public T Open<T>(string purpose, Guid rowId, byte[] sealedBytes) =>
        JsonSerializer.Deserialize<T>(AesGcmSeal.Open(key, sealedBytes, AssociatedData(purpose, rowId)))
        ?? throw new InvalidDataException($"A sealed {purpose} decrypted to nothing.");

    /// <summary>
    /// A key for another use of this user's secret (e.g. the search index's keyed hashes), derived
    /// with HKDF: it goes when the data key goes, and does not reveal the data key.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: userId.ToByteArray(), info: Encoding.UTF8.GetBytes(purpose));

    private byte[] AssociatedData(string purpose, Guid rowId) => Encoding.UTF8.GetBytes($"{userId:N}/{purpose}/{rowId:N}");
}
