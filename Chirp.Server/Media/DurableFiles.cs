namespace Chirp.Server.Media;

/// <summary>
/// Crash-safe file writes: a file is written under a temporary name, flushed to disk, renamed over its real name and its
/// directory synced, so after a crash the file holds either its old bytes or all of its new ones.
/// </summary>
internal static class DurableFiles
{
    /// <param name="path">The file to replace or create.</param>
    /// <param name="tempDirectory">A directory on the same file system as <paramref name="path"/>, so the rename is atomic.</param>
    /// <param name="bytes">The file's whole new content.</param>
    public static void WriteAtomic(string path, string tempDirectory, ReadOnlySpan<byte> bytes)
    {
        string temporary = TempPath(tempDirectory);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            DeleteIfExists(temporary);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Moves a file that is already flushed to disk to its final name, durably.</summary>
    public static void MoveDurably(string flushedFile, string path)
    {
        File.Move(flushedFile, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Creates a directory (if missing) so that it survives a crash: its parent is synced too.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(path);
        string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
        if (parent is not null)
        {
            SyncDirectory(parent);
        }
    }

    public static void SyncDirectory(string path)
    {
        // NTFS journals its directory changes itself, and .NET offers no directory flush there.
        if (!OperatingSystem.IsWindows())
        {
            PosixDirectory.Sync(path);
        }
    }

    public static string TempPath(string tempDirectory) => Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".tmp");

    public static void DeleteIfExists(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next open, which empties the temporary directory.
        }
    }
}
