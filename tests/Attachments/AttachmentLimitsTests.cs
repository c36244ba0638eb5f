using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Attachments;

/// <summary>
/// The per-user quota and an upload cut off half way, on a host served by Kestrel over a real socket: the
/// in-memory test server does not start a request before its body is complete, so it cannot drop one mid-way.
/// </summary>
public sealed class AttachmentLimitsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const long Quota = 6_000_000;
    private static readonly int Port = FreePorts.Next();

    private string Directory => database.AttachmentsDirectory;

    private HttpClient Http => database.Shared(() =>
    {
        var api = new ApiFactory(database, new Dictionary<string, string> { ["Attachments:QuotaBytes"] = Quota.ToString() });
        api.UseKestrel(Port);
        api.StartServer();
        return api;
    }).CreateClient(new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}") });

    [Fact]
    public async Task An_upload_past_the_quota_is_refused_with_a_quota_problem_declared_or_streamed_and_a_deletion_makes_room()
    {
        var user = await JournalClient.RegisterAsync(Http);
        var entry = (await user.CreateEntryAsync()).Id();
        var first = await user.AttachAsync(entry, AttachmentFiles.Pdf(4_000_000));

        var declared = await JournalClient.ProblemAsync(await user.UploadAsync(entry, AttachmentFiles.Pdf(3_000_000)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("quota-exceeded", (string)declared["type"]!);
        Assert.Equal(Quota, (long)declared["quotaBytes"]!);
        Assert.Equal(4_000_000, (long)declared["usedBytes"]!);
        var streamed = await user.UploadAsync(entry, new ChunkedContent(new PatternStream(3_000_000, "%PDF-"u8.ToArray())));
        Assert.Equal("quota-exceeded", (string)(await JournalClient.ProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge))["type"]!);
        Assert.Single((await user.GetJsonAsync(AttachmentClient.Path(entry)))["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync(AttachmentClient.Path(entry, first.Id()))).StatusCode);
        await user.AttachAsync(entry, AttachmentFiles.Pdf(3_000_000));
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_no_row_no_file_and_no_quota_taken()
    {
        var user = await JournalClient.RegisterAsync(Http);
        var entry = (await user.CreateEntryAsync()).Id();

        using (var connection = new TcpClient())
        {
            await connection.ConnectAsync(IPAddress.Loopback, Port);
            var stream = connection.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {AttachmentClient.Path(entry)} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {user.AccessToken}\r\n"
                + "Content-Type: application/pdf\r\nContent-Length: 5000000\r\n\r\n"));
            await stream.WriteAsync(AttachmentFiles.Pdf(1_000_000));
            // The connection drops once the server is sealing the file into a temporary blob.
            await Eventually.True(() => Uploads().Any(file => new FileInfo(file).Length > 0), "the server stores the upload as it comes");
            // A reset, as when a phone loses its network.
            connection.Client.LingerState = new LingerOption(true, 0);
        }

        await Eventually.True(async () => await CountRowsAsync(user) == 0 && BlobsOf(user).Length == 0 && Uploads().Length == 0, "the cut-off upload left nothing");
        // Its 5 MB reservation was released: 5 MB fit in the 6 MB quota again.
        Assert.Equal(5_000_000, (long)(await user.AttachAsync(entry, AttachmentFiles.Pdf(5_000_000)))["size"]!);
    }

    private async Task<int> CountRowsAsync(JournalClient user)
    {
        await using var connection = database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM attachments WHERE user_id = @id", new { id = user.UserId });
    }

    private string[] BlobsOf(JournalClient user)
    {
        var folder = Path.Combine(Directory, user.UserId.ToString("N"));
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder) : [];
    }

    private string[] Uploads()
    {
        var folder = Path.Combine(Directory, ".uploads");
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder) : [];
    }
}
