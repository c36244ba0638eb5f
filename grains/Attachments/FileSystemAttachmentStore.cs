using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Journal.Grains.Attachments;

/// <summary>
/// Blobs as files under <see cref="AttachmentOptions.Directory"/> (the embedded default). A blob is written
/// to a temporary file in <c>.uploads/</c>, flushed to disk, then renamed to its key: a reader never sees a
/// partial blob, and an acknowledged upload survives a kill of the process.
/// </summary>
public sealed class FileSystemAttachmentStore : IAttachmentStore
{
    private const string UploadsFolder = ".uploads";
    private readonly string _root;

    public FileSystemAttachmentStore(IOptions<AttachmentOptions> options)
    {
        _root = Path.GetFullPath(options.Value.Directory);
        Directory.CreateDirectory(Path.Combine(_root, UploadsFolder));
        // Temporary files of uploads a killed process left behind; one live upload takes minutes, not a day.
        foreach (var file in new DirectoryInfo(Path.Combine(_root, UploadsFolder)).EnumerateFiles())
            if (file.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1)) file.Delete();
    }

    public Task<IBlobWrite> CreateAsync(string key, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var temporary = Path.Combine(_root, UploadsFolder, Guid.NewGuid().ToString("N"));
        return Task.FromResult<IBlobWrite>(new FileWrite(temporary, target));
    }

    public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        var file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, useAsync: true);
        file.Position = offset;
        return Task.FromResult<Stream>(file);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(PathOf(prefix + "x"))!;
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal)) yield return new StoredBlob(key, file.LastWriteTimeUtc);
        }
        await Task.CompletedTask;
    }

    // Keys are made by the attachments grain from ids; anything else is a bug, never a path to follow.
    private string PathOf(string key)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-')) || key.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"'{key}' is not a blob key.", nameof(key));
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private sealed class FileWrite(string temporary, string target) : IBlobWrite
    {
        private readonly FileStream _file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        private bool _committed;

        public Stream Content => _file;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await _file.FlushAsync(cancellationToken);
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target, overwrite: false);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            if (!_committed) File.Delete(temporary);
        }
    }
}
