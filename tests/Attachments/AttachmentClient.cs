using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Api;

namespace Journal.Tests.Attachments;

/// <summary>A user's attachment calls.</summary>
public static class AttachmentClient
{
    public static string Path(string entryId, string? attachmentId = null) =>
        $"/v1/journal/entries/{entryId}/attachments" + (attachmentId is null ? "" : "/" + attachmentId);

    /// <summary>Uploads <paramref name="content"/> as the raw body with the given Content-Type and file name.</summary>
    public static Task<HttpResponseMessage> UploadAsync(this JournalClient user, string entryId, HttpContent content, string? contentType = "application/octet-stream", string? fileName = "file.bin")
    {
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (fileName is not null) content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName };
        return user.Http.PostAsync(Path(entryId), content);
    }

    public static Task<HttpResponseMessage> UploadAsync(this JournalClient user, string entryId, byte[] bytes, string? contentType = "application/octet-stream", string? fileName = "file.bin") =>
        user.UploadAsync(entryId, new ByteArrayContent(bytes), contentType, fileName);

    public static async Task<JsonObject> AttachAsync(this JournalClient user, string entryId, byte[] bytes, string contentType = "application/octet-stream", string fileName = "file.bin")
    {
        var response = await user.UploadAsync(entryId, bytes, contentType, fileName);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<byte[]> DownloadAsync(this JournalClient user, string path)
    {
        var response = await user.Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static string Id(this JsonObject item) => (string)item["id"]!;
}
