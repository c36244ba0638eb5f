using Journal.Api.Validation;
using Journal.GrainInterfaces.Attachments;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Journal.Api.Attachments;

/// <summary>
/// Where an upload's file bytes are in the request, read as a stream: the first file part of a
/// multipart/form-data body, or the whole body otherwise (its name from a Content-Disposition header).
/// Nothing is buffered: the multipart reader hands out the part's body as it arrives.
/// </summary>
public sealed record UploadSource(Stream Body, string FileName, long? Length)
{
    public static readonly TextField FileNameField = new("fileName", AttachmentLimits.MaxFileNameLength)
    {
        Description = "The file's name, from the multipart part or a Content-Disposition header (default \"attachment\").",
    };

    /// <summary>The file in the request, or null (with the reason in <paramref name="validator"/>) when there is none.</summary>
    public static async Task<UploadSource?> OpenAsync(HttpRequest request, Validator validator, CancellationToken cancellationToken)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
            {
                validator.Add("file", "A multipart/form-data body needs a boundary of 1 to 70 characters.");
                return null;
            }
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition())
                    return Named(section.Body, HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value, null, validator);
            }
            validator.Add("file", "The multipart/form-data body has no file part.");
            return null;
        }
        var name = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var header)
            ? HeaderUtilities.RemoveQuotes(header.FileNameStar.HasValue ? header.FileNameStar : header.FileName).Value
            : null;
        return Named(request.Body, name, request.ContentLength, validator);
    }

    // Only the last segment of a path a client sends is its name.
    private static UploadSource? Named(Stream body, string? name, long? length, Validator validator)
    {
        var fileName = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        if (fileName.Length == 0) fileName = "attachment";
        validator.Text(FileNameField, fileName);
        return validator.IsValid ? new UploadSource(body, fileName, length) : null;
    }
}
