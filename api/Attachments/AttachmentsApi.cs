using System.Net.Mime;
using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.Journal;
using Journal.Api.Limits;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Attachments;
using Journal.Grains.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Journal.Api.Attachments;

/// <summary>
/// Attachments of journal entries (PRODUCT.md §2, docs/ATTACHMENTS.md). This node streams the request body
/// through <see cref="SealedWriter"/> into the attachment store and streams files back through
/// <see cref="SealedReadStream"/>; the user's <see cref="IAttachmentsGrain"/> holds the rows, the quota and
/// the keys, and no file byte goes through a grain call.
/// </summary>
public static class AttachmentsApi
{
    /// <summary>What a multipart body may add to the file: its boundaries and part headers.</summary>
    public const long MultipartAllowance = 64 * 1024;

    private const string RangePattern = "^bytes=[0-9]*-[0-9]*$";

    public static string ExportDownloadPath(Guid attachmentId) => $"/v1/me/export/attachments/{attachmentId}";

    public static void MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var attachments = app.MapGroup("/v1/journal/entries/{id:guid}/attachments").WithTags("Attachments").RequireAuthorization();
        attachments.MapPost("", UploadAsync).WithSummary("Attach a file to a journal entry").AcceptsSecretUnlocks()
            .WithDescription("The file is the body (any Content-Type; a Content-Disposition filename names it) or the first file part of a "
                + "multipart/form-data body. JPEG, PNG, GIF, WebP or PDF as its bytes say (415 otherwise), at most 50 MB (413), within the "
                + "user's quota (413 quota-exceeded). Images get a thumbnail.")
            .WithBodySizeLimit(AttachmentLimits.MaxFileBytes + MultipartAllowance)
            .AddOpenApiOperationTransformer(DescribeUploadBody)
            .AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        attachments.MapGet("", ListAsync).WithSummary("List the attachments of a journal entry").AcceptsSecretUnlocks().WithQuery(Paging.Fields)
            .WithDescription("Oldest first; none while the entry is in the trash (404).").ProducesProblem(StatusCodes.Status404NotFound);
        attachments.MapGet("/{attachmentId:guid}", DownloadAsync).WithSummary("Download an attachment").AcceptsSecretUnlocks()
            .WithDescription("Streams the file; a Range header (one range) gets 206 with Content-Range, an unsatisfiable one 416.")
            .WithMetadata(new HeaderParameter("Range", "One byte range of the file, e.g. bytes=0-1023 or bytes=-500.", Required: false, MaxLength: 100, Pattern: RangePattern))
            .Produces(StatusCodes.Status200OK, typeof(Stream), AttachmentLimits.MediaTypes[0], [.. AttachmentLimits.MediaTypes.Skip(1)])
            .Produces(StatusCodes.Status206PartialContent, typeof(Stream), AttachmentLimits.MediaTypes[0], [.. AttachmentLimits.MediaTypes.Skip(1)])
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
        attachments.MapGet("/{attachmentId:guid}/thumbnail", ThumbnailAsync).WithSummary("Download an image attachment's thumbnail").AcceptsSecretUnlocks()
            .WithDescription($"A JPEG of at most {Thumbnails.MaxSide} pixels a side; 404 for a PDF or an image too large to decode.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), Thumbnails.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        attachments.MapDelete("/{attachmentId:guid}", DeleteAsync).WithSummary("Delete an attachment").AcceptsSecretUnlocks()
            .WithDescription("It is no longer listed or served and no longer counts against the quota; the file is removed after the trash retention (30 days).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/v1/me/export/attachments/{attachmentId:guid}", ExportDownloadAsync).WithTags("Me").RequireAuthorization()
            .WithSummary("Download an attachment listed in my export")
            .WithDescription("Any attachment the export lists, also of an entry in the trash or deleted within the retention; of an entry under a secret tag, only with its unlock (X-Secret-Tag-Unlock), as in the export.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), AttachmentLimits.MediaTypes[0], [.. AttachmentLimits.MediaTypes.Skip(1)])
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<Attachment>, Ok<Attachment>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid id, HttpContext context, IGrainFactory grains, IAttachmentStore store)
    {
        var aborted = context.RequestAborted;
        var validator = new Validator();
        if (await UploadSource.OpenAsync(context.Request, validator, aborted) is not { } upload) return validator.Problem();
        var idempotency = Idempotency.FromRequest(context, new { entryId = id, upload.FileName }, validator);
        if (!validator.IsValid) return validator.Problem();
        if (upload.Length > AttachmentLimits.MaxFileBytes) return TooLarge();

        var attachments = grains.GetGrain<IAttachmentsGrain>(context.User.GetUserId());
        var reservation = await attachments.ReserveAsync(id, upload.Length, idempotency, SecretUnlockHeader.Read(context));
        switch (reservation.Status)
        {
            case ReservationStatus.EntryNotFound: return EntryNotFound();
            case ReservationStatus.KeyReused: return ProblemResults.UnprocessableIdempotencyKey();
            case ReservationStatus.Replayed: return TypedResults.Ok(reservation.Earlier!);
            case ReservationStatus.QuotaExceeded: return QuotaExceeded(reservation);
        }
        var file = reservation.File!;
        try
        {
            var head = new byte[FileTypes.HeadLength];
            var headLength = await upload.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, aborted);
            if (FileTypes.Sniff(head.AsSpan(0, headLength)) is not { } mediaType)
            {
                await AbandonAsync(attachments, store, reservation);
                return ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                    "The file is not a JPEG, PNG, GIF, WebP image or a PDF (its type is read from its bytes, not from Content-Type).");
            }
            var size = await StoreAsync(store, file, head.AsMemory(0, headLength), upload.Body, reservation.AllowedBytes, aborted);
            long? thumbnailSize = FileTypes.IsImage(mediaType) ? await StoreThumbnailAsync(store, file, size, reservation.Thumbnail!, aborted) : null;
            if (await attachments.CommitAsync(file.AttachmentId, new StoredFile(upload.FileName, mediaType, size, thumbnailSize)) is not { } attachment)
            {
                await AbandonAsync(attachments, store, reservation);
                return EntryNotFound();
            }
            return TypedResults.Created($"/v1/journal/entries/{id}/attachments/{attachment.Id}", attachment);
        }
        // A failed or cut-off upload leaves nothing: the quota is released and whatever was stored goes.
        catch (AttachmentTooLargeException tooLarge)
        {
            await AbandonAsync(attachments, store, reservation);
            return tooLarge.AllowedBytes < AttachmentLimits.MaxFileBytes ? QuotaExceeded(reservation) : TooLarge();
        }
        // The server's own checks on the body: too large, ended before its Content-Length, too slow (408).
        catch (BadHttpRequestException e)
        {
            await AbandonAsync(attachments, store, reservation);
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : ProblemResults.Create(e.StatusCode, ProblemTypes.ForStatus(e.StatusCode), $"The upload did not arrive whole ({e.Message}); nothing of it was kept.");
        }
        catch
        {
            await AbandonAsync(attachments, store, reservation);
            throw;
        }
    }

    private static async Task<Results<Ok<PageResponse<Attachment>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext context, IGrainFactory grains, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        return await grains.GetGrain<IAttachmentsGrain>(context.User.GetUserId()).ListAsync(id, cursor, take, SecretUnlockHeader.Read(context)) is { } page
            ? TypedResults.Ok(new PageResponse<Attachment>(page.Items, page.NextCursor))
            : EntryNotFound();
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, Guid attachmentId, HttpContext context, IGrainFactory grains, IAttachmentStore store) =>
        await grains.GetGrain<IAttachmentsGrain>(context.User.GetUserId()).OpenAsync(id, attachmentId, SecretUnlockHeader.Read(context)) is { } content
            ? Serve(context, store, content.Attachment, content.File, content.Attachment.Size, content.Attachment.MediaType, content.Attachment.FileName)
            : AttachmentNotFound();

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ThumbnailAsync(
        Guid id, Guid attachmentId, HttpContext context, IGrainFactory grains, IAttachmentStore store) =>
        await grains.GetGrain<IAttachmentsGrain>(context.User.GetUserId()).OpenAsync(id, attachmentId, SecretUnlockHeader.Read(context)) is { Thumbnail: { } thumbnail, ThumbnailSize: { } size } content
            ? Serve(context, store, content.Attachment, thumbnail, size, Thumbnails.MediaType, fileName: null)
            : ProblemResults.NotFound("No such attachment, or it has no thumbnail.");

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportDownloadAsync(
        Guid attachmentId, HttpContext context, IGrainFactory grains, IAttachmentStore store) =>
        await grains.GetGrain<IAttachmentsGrain>(context.User.GetUserId()).OpenForExportAsync(attachmentId, SecretUnlockHeader.Read(context)) is { } content
            ? Serve(context, store, content.Attachment, content.File, content.Attachment.Size, content.Attachment.MediaType, content.Attachment.FileName)
            : AttachmentNotFound();

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Guid attachmentId, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IAttachmentsGrain>(context.User.GetUserId()).DeleteAsync(id, attachmentId, SecretUnlockHeader.Read(context)) ? TypedResults.NoContent() : AttachmentNotFound();

    // The file never changes, so its id is its ETag; range processing (206, 416, If-Range) is ASP.NET Core's own.
    // A thumbnail is served without a download name, inline.
    private static FileStreamHttpResult Serve(
        HttpContext context, IAttachmentStore store, Attachment attachment, BlobAccess blob, long length, string mediaType, string? fileName)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var plaintext = new SealedReadStream((offset, cancellationToken) => store.OpenReadAsync(blob.StorageKey, offset, cancellationToken), length, blob.Key);
        var tag = new EntityTagHeaderValue($"\"{attachment.Id:N}{(fileName is null ? "-thumbnail" : "")}\"");
        return TypedResults.Stream(plaintext, mediaType, fileName, attachment.UploadedAt, tag, enableRangeProcessing: true);
    }

    private static async Task<long> StoreAsync(IAttachmentStore store, BlobAccess blob, ReadOnlyMemory<byte> head, Stream rest, long maxBytes, CancellationToken cancellationToken)
    {
        await using var write = await store.CreateAsync(blob.StorageKey, cancellationToken);
        var size = await SealedWriter.SealAsync(head, rest, write.Content, blob.Key, maxBytes, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return size;
    }

    // Decoded from the stored file, a chunk at a time: the upload's bytes are gone by now.
    private static async Task<long?> StoreThumbnailAsync(IAttachmentStore store, BlobAccess file, long size, BlobAccess thumbnail, CancellationToken cancellationToken)
    {
        await using var image = new SealedReadStream((offset, ct) => store.OpenReadAsync(file.StorageKey, offset, ct), size, file.Key);
        if (await Task.Run(() => Thumbnails.Create(image), cancellationToken) is not { } jpeg) return null;
        return await StoreAsync(store, thumbnail, jpeg, Stream.Null, jpeg.Length, cancellationToken);
    }

    private static async Task AbandonAsync(IAttachmentsGrain attachments, IAttachmentStore store, Reservation reservation)
    {
        await attachments.AbandonAsync(reservation.File!.AttachmentId);
        await store.DeleteAsync(reservation.File.StorageKey);
        await store.DeleteAsync(reservation.Thumbnail!.StorageKey);
    }

    private static ProblemHttpResult TooLarge() => ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
        $"An attachment is at most {AttachmentLimits.MaxFileBytes / (1024 * 1024)} MB.");

    private static ProblemHttpResult QuotaExceeded(Reservation reservation) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, type: ProblemTypes.QuotaExceeded,
        detail: $"The file does not fit in your attachment storage: {reservation.UsedBytes} of {reservation.QuotaBytes} bytes are used. Delete attachments to make room.",
        extensions: new Dictionary<string, object?> { ["quotaBytes"] = reservation.QuotaBytes, ["usedBytes"] = reservation.UsedBytes });

    // Another user's entry or attachment id is indistinguishable from one that never existed (PRODUCT.md §2).
    private static ProblemHttpResult EntryNotFound() => ProblemResults.NotFound("No such journal entry.");

    private static ProblemHttpResult AttachmentNotFound() => ProblemResults.NotFound("No such attachment.");

    // The body is read by the handler as a stream, so the document is told its two shapes here.
    private static Task DescribeUploadBody(OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary", MaxLength = (int)AttachmentLimits.MaxFileBytes };
        var content = new Dictionary<string, OpenApiMediaType>
        {
            [MediaTypeNames.Multipart.FormData] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object, Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = Binary() },
                },
            },
        };
        foreach (var mediaType in AttachmentLimits.MediaTypes) content[mediaType] = new OpenApiMediaType { Schema = Binary() };
        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content, Description = "The file, raw or as a multipart/form-data part named file." };
        return Task.CompletedTask;
    }
}
