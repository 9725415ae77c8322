namespace Chirp.Server.Media;

/// <summary>
/// The content-addressed files: <c>content/{first two hex digits}/{sha256 hex}</c>. The two-character folders keep any
/// one folder to about 1/256 of the files.
/// </summary>
internal sealed class ContentFiles(string root)
{
    public string Root { get; } = root;

    public string PathOf(string hash) => Path.Combine(Root, hash[..2], hash);

    /// <summary>
    /// Makes a staged file (already flushed to disk) the content of <paramref name="hash"/>. When that content is stored
    /// already, nothing moves: identical bytes are kept once, and the staged file is left for the caller to delete.
    /// </summary>
    public void Install(string stagedFile, string hash)
    {
        string target = PathOf(hash);
        if (File.Exists(target))
        {
            return;
        }

        DurableFiles.CreateDirectory(Path.GetDirectoryName(target)!);
        // Overwriting is safe: a concurrent upload of the same bytes may have won the race, and its file is identical.
        DurableFiles.MoveDurably(stagedFile, target);
    }

    public FileStream? TryOpen(string hash)
    {
        try
        {
            // FileShare.Delete: expiry may remove the file while it is served; the open stream keeps reading it.
            return new FileStream(
                PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
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

    /// <summary>The names of the stored content files; anything else found there (not a hash) is left alone.</summary>
    public IEnumerable<string> EnumerateHashes() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(ContentHash.IsValid)!;
}
