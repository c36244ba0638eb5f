using Journal.GrainInterfaces.Attachments;

namespace Journal.Api.Attachments;

/// <summary>
/// An attachment in the user's export (GET /v1/me/export): its metadata and where to download the file.
/// The files are not inlined: a document of base64 files up to the 1 GB quota would not fit in memory on
/// either side. <see cref="Download"/> works for every attachment listed, also those of entries in the trash.
/// Only attachments of the entries the export holds are listed, so an entry the export leaves out takes its
/// files with it.
/// </summary>
public sealed record AttachmentExport(
    Guid Id, Guid EntryId, string FileName, string MediaType, long Size, DateTimeOffset UploadedAt, DateTimeOffset? DeletedAt, string Download)
{
    public static async Task<IReadOnlyList<AttachmentExport>> ListAsync(IGrainFactory grains, Guid userId, IEnumerable<Guid> exportedEntries)
    {
        var entries = exportedEntries.ToHashSet();
        return [.. (await grains.GetGrain<IAttachmentsGrain>(userId).ExportAsync()).Where(a => entries.Contains(a.EntryId)).Select(a =>
            new AttachmentExport(a.Id, a.EntryId, a.FileName, a.MediaType, a.Size, a.UploadedAt, a.DeletedAt, AttachmentsApi.ExportDownloadPath(a.Id)))];
    }
}
