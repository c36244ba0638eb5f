using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Journal.Grains.Attachments;

/// <summary>
/// Blobs in an S3-compatible bucket (<c>Attachments:S3:*</c>), written as multipart uploads of
/// <see cref="PartSize"/> parts: an upload holds one part in memory, and one that is not committed is
/// aborted, so the bucket keeps nothing of it. Reads ask for a byte range from the chunk they start at.
/// </summary>
public sealed class S3AttachmentStore : IAttachmentStore, IDisposable
{
    /// <summary>8 MiB: above S3's 5 MiB minimum for every part but the last.</summary>
    public const int PartSize = 8 * 1024 * 1024;

    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3AttachmentStore(IOptions<AttachmentOptions> options)
    {
        var s3 = options.Value.S3;
        _bucket = s3.Bucket;
        _client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey),
            new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true, AuthenticationRegion = s3.Region });
    }

    public async Task<IBlobWrite> CreateAsync(string key, CancellationToken cancellationToken)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, cancellationToken);
        return new MultipartWrite(_client, _bucket, key, upload.UploadId);
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _bucket, Key = key, ByteRange = offset > 0 ? new ByteRange(offset, long.MaxValue) : null,
            }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"No blob '{key}' in bucket '{_bucket}'.", e);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken);
            foreach (var blob in page.S3Objects ?? [])
                yield return new StoredBlob(blob.Key, blob.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.MinValue);
            if (page.IsTruncated != true) yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public void Dispose() => _client.Dispose();

    private sealed class MultipartWrite(AmazonS3Client client, string bucket, string key, string uploadId) : Stream, IBlobWrite
    {
        private readonly byte[] _part = new byte[PartSize];
        private readonly List<PartETag> _parts = [];
        private int _filled;
        private bool _committed;

        public Stream Content => this;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (buffer.Length > 0)
            {
                var count = Math.Min(buffer.Length, PartSize - _filled);
                buffer[..count].CopyTo(_part.AsMemory(_filled));
                _filled += count;
                buffer = buffer[count..];
                if (_filled == PartSize) await UploadPartAsync(cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_filled > 0 || _parts.Count == 0) await UploadPartAsync(cancellationToken);
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = key, UploadId = uploadId, PartETags = _parts,
            }, cancellationToken);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_committed)
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId });
            _committed = true;
            GC.SuppressFinalize(this);
        }

        private async Task UploadPartAsync(CancellationToken cancellationToken)
        {
            var number = _parts.Count + 1;
            using var part = new MemoryStream(_part, 0, _filled, writable: false);
            var response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = number, InputStream = part, PartSize = _filled,
            }, cancellationToken);
            _parts.Add(new PartETag(number, response.ETag));
            _filled = 0;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    }
}
