using Chirp.Engine;
using Chirp.Server.Operations;

namespace Chirp.Server.Backup;

/// <summary>Checks a backup and restores it into a new data directory; the server need not (and must not) run on it.</summary>
public static class BackupRestore
{
    /// <summary>
    /// Checks the manifest, every server and media file (presence, size, CRC-32C), the engine manifest's checksum and
    /// the engine checkpoint. Throws a <see cref="ChirpException"/> (<see cref="ChirpErrorCode.DamagedCheckpoint"/> or
    /// <see cref="ChirpErrorCode.UnsupportedFormat"/>) naming the first problem.
    /// </summary>
    public static BackupManifest Verify(string backup)
    {
        var manifest = ReadChecked(backup);
        ChirpEngine.VerifyCheckpoint(Path.Combine(backup, BackupLayout.Engine));
        return manifest;
    }

    /// <summary>
    /// Restores a backup into <paramref name="dataPath"/>, which must be absent or empty: checks everything first, then
    /// copies the engine (whose format file is written last), the server state and the media, owner-only. Start the
    /// server on it with the backup's shard count; it rebuilds search indexes and home timelines from the restored data.
    /// </summary>
    public static BackupManifest Restore(string backup, string dataPath)
    {
        if (Directory.Exists(dataPath) && Directory.EnumerateFileSystemEntries(dataPath).Any())
        {
            throw new ChirpException(ChirpErrorCode.Validation, $"{dataPath} is not empty; a backup is restored into an empty or new data directory.", "data");
        }

        // The engine checkpoint is checked by RestoreCheckpoint before it copies anything.
        var manifest = ReadChecked(backup);
        OwnerOnlyFiles.Apply(dataPath);
        ChirpEngine.RestoreCheckpoint(Path.Combine(backup, BackupLayout.Engine), Path.Combine(dataPath, BackupLayout.Engine));
        BackupFiles.CopyInto(backup, dataPath, manifest.Files);
        return manifest;
    }

    private static BackupManifest ReadChecked(string backup)
    {
        var manifest = BackupFiles.ReadManifest(backup);
        if (manifest.FormatVersion != BackupLayout.FormatVersion)
        {
            throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"{backup} is a backup of format {manifest.FormatVersion}; this Chirp reads format {BackupLayout.FormatVersion}.");
        }

        if (manifest.EngineManifest is null || manifest.Files is null)
        {
            throw BackupFiles.Damaged($"The manifest of {backup} lacks its engine manifest or file list.");
        }

        BackupFiles.Verify(backup, [manifest.EngineManifest, .. manifest.Files]);
        return manifest;
    }
}
