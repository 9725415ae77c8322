using System.Globalization;

namespace Chirp.Server.Media;

/// <summary>
/// The content-addressed files of the local directory: <c>content/{first two hex digits}/{sha256 hex}</c>. The
/// two-character folders keep any one folder to about 1/256 of the files. Damaged files go to <c>quarantine/content/</c>.
/// </summary>
internal sealed class FileContentStorage(string root, MediaQuarantine quarantine) : IMediaContentStorage
{
    public string Root { get; } = root;

    public string PathOf(string hash) => Path.Combine(Root, hash[..2], hash);

    public string Describe(string hash) => PathOf(hash);

    /// <summary>
    /// Moves the staged file into place. When that content is stored already, nothing moves: identical bytes are kept
    /// once, and the staged file is left for the caller to delete.
    /// </summary>
    public Task InstallAsync(string stagedFile, string hash, string mimeType, CancellationToken cancellationToken)
    {
        string target = PathOf(hash);
        if (File.Exists(target))
        {
            return Task.CompletedTask;
        }

        DurableFiles.CreateDirectory(Path.GetDirectoryName(target)!);
        // Overwriting is safe: a concurrent upload of the same bytes may have won the race, and its file is identical.
        DurableFiles.MoveDurably(stagedFile, target);
        return Task.CompletedTask;
    }

    public Task<StoredContent?> TryOpenAsync(string hash, CancellationToken cancellationToken)
    {
        string path = PathOf(hash);
        FileStream stream;
        try
        {
            // FileShare.Delete: expiry may remove the file while it is served; the open stream keeps reading it.
            stream = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredContent?>(null);
        }

        // A file changed in place keeps neither its length and its write time both, short of bit rot (see ContentVerifier).
        string version = stream.Length.ToString(CultureInfo.InvariantCulture) + "@" + File.GetLastWriteTimeUtc(path).Ticks.ToString(CultureInfo.InvariantCulture);
        return Task.FromResult<StoredContent?>(new StoredContent(stream, stream.Length, version, MimeType: null, CanRewind: true));
    }

    public bool Delete(string hash)
    {
        string path = PathOf(hash);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public IEnumerable<(string Hash, DateTimeOffset LastWrite)> Enumerate() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(path => ContentHash.IsValid(Path.GetFileName(path)))
            .Select(path => (Path.GetFileName(path), new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero)));

    public string? Quarantine(string hash)
    {
        try
        {
            return quarantine.Move(PathOf(hash), "content");
        }
        catch (FileNotFoundException)
        {
            // Another request found it damaged first and moved it.
            return null;
        }
    }

    /// <summary>Hard-links the file (a backup on the same file system costs no space), or copies it.</summary>
    public bool CopyTo(string hash, string targetFile)
    {
        string source = PathOf(hash);
        if (!File.Exists(source))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(targetFile)!);
        if (!Backup.HardLink.TryCreate(source, targetFile))
        {
            File.Copy(source, targetFile);
        }

        return true;
    }
}
