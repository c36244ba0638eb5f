using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Journal.Tests.SecretTags;
using SkiaSharp;

namespace Journal.Tests.Attachments;

/// <summary>
/// Attachments through the real API, silo, PostgreSQL and the file store (PRODUCT.md §2, docs/ATTACHMENTS.md).
/// Secret tags with a cheap phrase hash: one test puts an entry under one.
/// </summary>
public sealed class AttachmentApiTests(PostgresDatabase database) : ApiTest(database, SecretTagClient.CheapKdf)
{
    private string Directory => Database.AttachmentsDirectory;

    public static TheoryData<string, string> Types => new()
    {
        { "jpeg", "image/jpeg" }, { "png", "image/png" }, { "webp", "image/webp" }, { "gif", "image/gif" }, { "pdf", "application/pdf" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Each_accepted_type_uploads_lists_and_downloads_as_it_was(string kind, string mediaType)
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var bytes = kind switch
        {
            "jpeg" => AttachmentFiles.Image(SKEncodedImageFormat.Jpeg),
            "png" => AttachmentFiles.Image(SKEncodedImageFormat.Png),
            "webp" => AttachmentFiles.Image(SKEncodedImageFormat.Webp),
            "gif" => AttachmentFiles.Gif(),
            _ => AttachmentFiles.Pdf(),
        };

        var created = await user.AttachAsync(entry, bytes, "application/octet-stream", $"holiday.{kind}");

        Assert.Equal(mediaType, (string)created["mediaType"]!);
        Assert.Equal(bytes.Length, (long)created["size"]!);
        Assert.Equal($"holiday.{kind}", (string)created["fileName"]!);
        Assert.Equal(kind != "pdf", (bool)created["hasThumbnail"]!);
        var listed = Assert.Single((await user.GetJsonAsync(AttachmentClient.Path(entry)))["items"]!.AsArray())!;
        Assert.Equal(created.Id(), listed.AsObject().Id());
        var download = await user.Http.GetAsync(AttachmentClient.Path(entry, created.Id()));
        Assert.Equal(mediaType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_multipart_upload_takes_the_file_part_and_its_name()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var bytes = AttachmentFiles.Pdf(70_000);
        using var form = new MultipartFormDataContent { { new StringContent("ignored"), "note" }, { new ByteArrayContent(bytes), "file", "../../letter.pdf" } };

        var response = await user.Http.PostAsync(AttachmentClient.Path(entry), form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("letter.pdf", (string)created["fileName"]!);
        Assert.Equal(bytes, await user.DownloadAsync(response.Headers.Location!.ToString()));
    }

    [Fact]
    public async Task The_type_comes_from_the_bytes_a_lying_Content_Type_changes_nothing_and_other_files_are_refused()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();

        var png = await user.AttachAsync(entry, AttachmentFiles.Image(SKEncodedImageFormat.Png), "application/pdf", "report.pdf");
        Assert.Equal("image/png", (string)png["mediaType"]!);

        var refused = await user.UploadAsync(entry, AttachmentFiles.Text("<svg onload=alert(1)></svg>"), "image/png", "cat.png");
        Assert.Equal("unsupported-media-type", (string)(await JournalClient.ProblemAsync(refused, HttpStatusCode.UnsupportedMediaType))["type"]!);
        Assert.Single((await user.GetJsonAsync(AttachmentClient.Path(entry)))["items"]!.AsArray());
        Assert.Equal(1, await CountRowsAsync(user));
        Assert.Equal(2, BlobsOf(user).Length); // the PNG and its thumbnail
    }

    [Fact]
    public async Task Files_over_50_MB_are_refused_whether_declared_or_streamed()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        const long over = 50L * 1024 * 1024 + 1;

        var declared = await user.UploadAsync(entry, new StreamContent(new PatternStream(over, "%PDF-"u8.ToArray())) { Headers = { ContentLength = over } });
        Assert.Equal("payload-too-large", (string)(await JournalClient.ProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge))["type"]!);

        // Without a Content-Length the server counts the bytes as they come.
        var streamed = await user.UploadAsync(entry, new ChunkedContent(new PatternStream(over, "%PDF-"u8.ToArray())));
        Assert.Equal("payload-too-large", (string)(await JournalClient.ProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge))["type"]!);

        Assert.Equal(0, await CountRowsAsync(user));
        await Eventually.True(() => BlobsOf(user).Length == 0 && Uploads().Length == 0, "nothing of the refused uploads stays");
    }

    [Fact]
    public async Task Range_requests_get_206_with_Content_Range_across_chunks_and_416_beyond_the_end()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var bytes = AttachmentFiles.Pdf(200_000);
        var path = AttachmentClient.Path(entry, (await user.AttachAsync(entry, bytes)).Id());

        foreach (var (from, to) in new[] { (65_530L, 65_545L), (0L, 9L), (199_990L, 199_999L) })
        {
            var partial = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(from, to) } });
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal($"bytes {from}-{to}/{bytes.Length}", partial.Content.Headers.ContentRange!.ToString());
            Assert.Equal(bytes[(int)from..(int)(to + 1)], await partial.Content.ReadAsByteArrayAsync());
        }
        var suffix = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(null, 500) } });
        Assert.Equal(bytes[^500..], await suffix.Content.ReadAsByteArrayAsync());

        var beyond = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(300_000, null) } });
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{bytes.Length}", beyond.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Another_users_entry_or_attachment_is_a_404()
    {
        var owner = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var entry = (await owner.CreateEntryAsync()).Id();
        var attachment = (await owner.AttachAsync(entry, AttachmentFiles.Pdf())).Id();

        await JournalClient.ProblemAsync(await other.Http.GetAsync(AttachmentClient.Path(entry)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.GetAsync(AttachmentClient.Path(entry, attachment)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.GetAsync(AttachmentClient.Path(entry, attachment) + "/thumbnail"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.GetAsync($"/v1/me/export/attachments/{attachment}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.DeleteAsync(AttachmentClient.Path(entry, attachment)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.UploadAsync(entry, AttachmentFiles.Pdf()), HttpStatusCode.NotFound);
        // Nor does the other user's own entry open the owner's attachment.
        var otherEntry = (await other.CreateEntryAsync()).Id();
        await JournalClient.ProblemAsync(await other.Http.GetAsync(AttachmentClient.Path(otherEntry, attachment)), HttpStatusCode.NotFound);
        Assert.Equal(AttachmentFiles.Pdf(), await owner.DownloadAsync(AttachmentClient.Path(entry, attachment)));
    }

    [Fact]
    public async Task Attachments_go_to_the_trash_with_their_entry_and_come_back_with_it_a_deleted_one_does_not()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var kept = (await user.AttachAsync(entry, AttachmentFiles.Pdf())).Id();
        var removed = (await user.AttachAsync(entry, AttachmentFiles.Gif())).Id();

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync(AttachmentClient.Path(entry, removed))).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.GetAsync(AttachmentClient.Path(entry, removed)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await user.Http.DeleteAsync(AttachmentClient.Path(entry, removed)), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/journal/entries/{entry}")).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.GetAsync(AttachmentClient.Path(entry)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await user.Http.GetAsync(AttachmentClient.Path(entry, kept)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await user.UploadAsync(entry, AttachmentFiles.Pdf()), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await user.Http.PostAsync($"/v1/journal/entries/{entry}/restore", null)).StatusCode);
        var items = (await user.GetJsonAsync(AttachmentClient.Path(entry)))["items"]!.AsArray();
        Assert.Equal([kept], items.Select(item => item!.AsObject().Id()));
        Assert.Equal(AttachmentFiles.Pdf(), await user.DownloadAsync(AttachmentClient.Path(entry, kept)));
    }

    [Fact]
    public async Task At_rest_the_file_is_sealed_chunks_not_the_plaintext()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var bytes = AttachmentFiles.Pdf(150_000);
        var attachment = (await user.AttachAsync(entry, bytes)).Id();

        var stored = await File.ReadAllBytesAsync(System.IO.Path.Combine(Directory, user.UserId.ToString("N"), Guid.Parse(attachment).ToString("N") + ".file"));
        Assert.Equal(bytes.Length + 3 * 16, stored.Length); // three 64 KiB chunks, a tag each
        Assert.Equal(-1, stored.AsSpan().IndexOf(bytes.AsSpan(1_000, 32)));
        Assert.False(stored.AsSpan().StartsWith("%PDF"u8));
    }

    [Fact]
    public async Task Images_get_a_small_jpeg_thumbnail_pdfs_none()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var image = (await user.AttachAsync(entry, AttachmentFiles.Image(SKEncodedImageFormat.Jpeg, 2000, 1000))).Id();
        var pdf = (await user.AttachAsync(entry, AttachmentFiles.Pdf())).Id();

        var response = await user.Http.GetAsync(AttachmentClient.Path(entry, image) + "/thumbnail");
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var thumbnail = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((256, 128), (thumbnail.Width, thumbnail.Height));
        await JournalClient.ProblemAsync(await user.Http.GetAsync(AttachmentClient.Path(entry, pdf) + "/thumbnail"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_gets_the_first_attachment()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Upload(string name) => new(HttpMethod.Post, AttachmentClient.Path(entry))
        {
            Headers = { { "Idempotency-Key", key } },
            Content = new ByteArrayContent(AttachmentFiles.Pdf()) { Headers = { ContentDisposition = new("attachment") { FileName = name } } },
        };

        var first = await user.Http.SendAsync(Upload("a.pdf"));
        var retry = await user.Http.SendAsync(Upload("a.pdf"));
        var reused = await user.Http.SendAsync(Upload("b.pdf"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonObject>())!.Id(), (await retry.Content.ReadFromJsonAsync<JsonObject>())!.Id());
        await JournalClient.ProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await CountRowsAsync(user));
    }

    [Fact]
    public async Task The_export_lists_every_stored_attachment_with_a_download_that_works_from_the_trash_too()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        var bytes = AttachmentFiles.Pdf(90_000);
        var attachment = (await user.AttachAsync(entry, bytes, fileName: "scan.pdf")).Id();
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/journal/entries/{entry}")).StatusCode);

        var exported = Assert.Single((await user.GetJsonAsync("/v1/me/export"))["attachments"]!.AsArray())!;
        Assert.Equal(attachment, exported.AsObject().Id());
        Assert.Equal(entry, (string)exported["entryId"]!);
        Assert.Equal("scan.pdf", (string)exported["fileName"]!);
        Assert.Equal(bytes, await user.DownloadAsync((string)exported["download"]!));
    }

    [Fact]
    public async Task Deleting_the_account_removes_the_rows_and_the_files()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = (await user.CreateEntryAsync()).Id();
        await user.AttachAsync(entry, AttachmentFiles.Image(SKEncodedImageFormat.Png));
        await user.AttachAsync(entry, AttachmentFiles.Pdf());
        Assert.Equal(3, BlobsOf(user).Length);

        var deleted = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await CountRowsAsync(user));
        Assert.Empty(BlobsOf(user));
    }

    [Fact]
    public async Task Files_of_purged_entries_and_of_attachments_deleted_past_the_retention_are_swept()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var purged = (await user.CreateEntryAsync()).Id();
        var kept = (await user.CreateEntryAsync()).Id();
        var ofPurged = (await user.AttachAsync(purged, AttachmentFiles.Pdf())).Id();
        var live = (await user.AttachAsync(kept, AttachmentFiles.Pdf())).Id();
        var expired = (await user.AttachAsync(kept, AttachmentFiles.Gif())).Id();
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/journal/entries/{purged}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync(AttachmentClient.Path(kept, expired))).StatusCode);

        // 31 days later, with the files past the age at which a blob without a row is an orphan.
        await RestartAsync(async () =>
        {
            await using var connection = Database.DataSource.CreateConnection();
            await connection.ExecuteAsync("UPDATE journal_entries SET deleted_at = now() - interval '31 days' WHERE id = @purged", new { purged = Guid.Parse(purged) });
            await connection.ExecuteAsync("UPDATE attachments SET deleted_at = now() - interval '31 days' WHERE id = @expired", new { expired = Guid.Parse(expired) });
            foreach (var blob in BlobsOf(user)) File.SetLastWriteTimeUtc(blob, DateTime.UtcNow.AddHours(-2));
        });
        user = await JournalClient.LoginAsync(Api, user.Username);
        await user.CreateEntryAsync(); // the journal's next write purges its trash, the attachment rows with it
        Assert.Single((await user.GetJsonAsync(AttachmentClient.Path(kept)))["items"]!.AsArray());

        Assert.Equal(1, await CountRowsAsync(user));
        Assert.Equal([Guid.Parse(live).ToString("N") + ".file"], BlobsOf(user).Select(System.IO.Path.GetFileName));
        Assert.DoesNotContain(BlobsOf(user), blob => blob.Contains(Guid.Parse(ofPurged).ToString("N")));
    }

    [Fact]
    public async Task An_entry_under_a_secret_tag_shows_its_attachments_only_with_the_unlock()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync("a phrase only I know");
        var unlock = await user.UnlockAsync(tag, "a phrase only I know");
        var entry = (await user.SecretEntryAsync(tag, unlock, "Under the secret tag.")).Id();

        var upload = new HttpRequestMessage(HttpMethod.Post, AttachmentClient.Path(entry)) { Content = new ByteArrayContent(AttachmentFiles.Pdf()) };
        upload.Headers.Add(SecretTagClient.Header, unlock);
        var created = await user.Http.SendAsync(upload);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var attachment = (await created.Content.ReadFromJsonAsync<JsonObject>())!.Id();

        Assert.Single((await user.GetJsonAsync(AttachmentClient.Path(entry), unlock))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(HttpMethod.Get, AttachmentClient.Path(entry, attachment), unlock)).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.GetAsync(AttachmentClient.Path(entry)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await user.Http.GetAsync(AttachmentClient.Path(entry, attachment)), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await user.UploadAsync(entry, AttachmentFiles.Pdf()), HttpStatusCode.NotFound);
        // Nor does the export list it while the tag is locked, nor serve it by its id.
        Assert.Empty((await user.GetJsonAsync("/v1/me/export"))["attachments"]!.AsArray());
        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/me/export/attachments/{attachment}"), HttpStatusCode.NotFound);
        Assert.Single((await user.GetJsonAsync("/v1/me/export", unlock))["attachments"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(HttpMethod.Get, $"/v1/me/export/attachments/{attachment}", unlock)).StatusCode);
    }

    private async Task<int> CountRowsAsync(JournalClient user)
    {
        await using var connection = Database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM attachments WHERE user_id = @id", new { id = user.UserId });
    }

    private string[] BlobsOf(JournalClient user)
    {
        var folder = System.IO.Path.Combine(Directory, user.UserId.ToString("N"));
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder) : [];
    }

    private string[] Uploads()
    {
        var folder = System.IO.Path.Combine(Directory, ".uploads");
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder) : [];
    }
}
