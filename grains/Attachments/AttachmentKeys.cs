using System.Security.Cryptography;
using System.Text;
using Journal.GrainInterfaces.Attachments;
using Journal.Grains.Privacy;

namespace Journal.Grains.Attachments;

/// <summary>
/// Each blob's storage key and AES key. The AES key is derived (HKDF) from the user's data key for one
/// blob of one attachment: it goes when the user's key goes (crypto-shredding), and the API node that
/// streams a file learns nothing that opens any other file.
/// </summary>
internal static class AttachmentKeys
{
    public const string FileVariant = "file";
    public const string ThumbnailVariant = "thumbnail";

    /// <summary>Every blob of a user starts with this.</summary>
    public static string Prefix(Guid userId) => $"{userId:N}/";

    public static BlobAccess File(UserDataKey key, Guid userId, Guid attachmentId) => Blob(key, userId, attachmentId, FileVariant);

    public static BlobAccess Thumbnail(UserDataKey key, Guid userId, Guid attachmentId) => Blob(key, userId, attachmentId, ThumbnailVariant);

    /// <summary>The attachment a blob key belongs to (null for a key this layout did not make).</summary>
    public static Guid? AttachmentOf(string storageKey) =>
        Guid.TryParseExact(storageKey.Split('/').LastOrDefault()?.Split('.')[0], "N", out var id) ? id : null;

    /// <summary>Opens a stored blob whose key is in a row (the key's layout may have been another then).</summary>
    public static BlobAccess Stored(UserDataKey key, Guid attachmentId, string storageKey, string variant) =>
        new(attachmentId, storageKey, Derive(key, attachmentId, variant));

    private static BlobAccess Blob(UserDataKey key, Guid userId, Guid attachmentId, string variant) =>
        new(attachmentId, $"{Prefix(userId)}{attachmentId:N}.{variant}", Derive(key, attachmentId, variant));

    private static byte[] Derive(UserDataKey key, Guid attachmentId, string variant) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.DeriveKey("attachments"), 32, info: Encoding.UTF8.GetBytes($"{attachmentId:N}/{variant}"));
}
