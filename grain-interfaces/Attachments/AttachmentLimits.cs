namespace Journal.GrainInterfaces.Attachments;

/// <summary>The bounds of attachments (PRODUCT.md §2, seed 001's CHECK constraints).</summary>
public static class AttachmentLimits
{
    /// <summary>50 MB, the largest file (seed 001: file_size ≤ 52428800).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public const int MaxFileNameLength = 255;

    /// <summary>What a user may store in all unless <c>Attachments:QuotaBytes</c> says otherwise: 1 GB.</summary>
    public const long DefaultQuotaBytes = 1024L * 1024 * 1024;

    /// <summary>The types accepted, as the file's own bytes name them (never the request's header).</summary>
    public static readonly IReadOnlyList<string> MediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"];
}
