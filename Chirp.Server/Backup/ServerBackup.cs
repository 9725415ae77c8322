using System.Diagnostics;
using Chirp.Server.Auth;
using Chirp.Server.Media;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Backup;

/// <summary>
/// Backs up the running server into a new directory: the engine checkpoint first, then the server state, then the
/// media. That order keeps the parts consistent: every status in the engine checkpoint was posted after its media were
/// uploaded, so their records are in the later media copy (which also waits for posts in flight to attach them);
/// server state taken later holds at least the revocations of the moment the engine was checkpointed. What the later
/// parts hold beyond that (an app registered, a media upload not yet posted) references nothing missing.
/// </summary>
public sealed class ServerBackup(EngineHost engine, ServerStore serverStore, MediaStore media, IOptions<ServerOptions> options, TimeProvider time, ILogger<ServerBackup> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>True while a backup runs; a second one is refused rather than queued.</summary>
    public bool IsRunning => _oneAtATime.CurrentCount == 0;

    /// <summary>Takes a backup into <paramref name="directory"/>, an absolute path that is absent or empty.</summary>
    public async Task<BackupSummary> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        if (!await _oneAtATime.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new BackupRefusedException(BackupRefusal.AlreadyRunning, "A backup is already running.");
        }

        try
        {
            return await RunAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<BackupSummary> RunAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Path.IsPathFullyQualified(directory))
        {
            throw new BackupRefusedException(BackupRefusal.InvalidDirectory, $"'{directory}' is not an absolute path.");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new BackupRefusedException(BackupRefusal.DirectoryNotEmpty, $"{directory} is not empty; a backup is made in an empty or new folder.");
        }

        var clock = Stopwatch.StartNew();
        var createdAt = time.GetUtcNow();
        Directory.CreateDirectory(directory);
        logger.LogInformation("Backup into {Directory} started", directory);
        var chirp = engine.Engine;
        await chirp.CreateCheckpointAsync(Path.Combine(directory, BackupLayout.Engine), cancellationToken).ConfigureAwait(false);

        string serverPart = Path.Combine(directory, BackupLayout.Server);
        serverStore.Checkpoint(serverPart);
        string keyFile = Path.Combine(options.Value.DataPath, BackupLayout.Server, BackupLayout.SigningKeyFileName);
        bool keyIncluded = string.IsNullOrEmpty(options.Value.SigningKey) && File.Exists(keyFile);
        if (keyIncluded)
        {
            File.Copy(keyFile, Path.Combine(serverPart, BackupLayout.SigningKeyFileName));
        }

        var mediaPart = await media.BackUpAsync(Path.Combine(directory, BackupLayout.Media), cancellationToken).ConfigureAwait(false);

        var files = BackupLayout.ListedParts.SelectMany(part => BackupFiles.List(directory, part)).ToList();
        var manifest = new BackupManifest(
            BackupLayout.FormatVersion, createdAt, chirp.ShardCount, BackupFiles.Describe(directory, $"{BackupLayout.Engine}/checkpoint.json"),
            keyIncluded, mediaPart.Records, files);
        BackupFiles.WriteManifest(directory, manifest);

        var all = new DirectoryInfo(directory).GetFiles("*", SearchOption.AllDirectories);
        var summary = new BackupSummary(directory, chirp.ShardCount, mediaPart.Records, all.Length, all.Sum(f => f.Length), clock.ElapsedMilliseconds);
        logger.LogInformation(
            "Backup into {Directory} done: {Files} files, {Bytes} bytes, {MediaRecords} media records ({MissingContent} with content already missing), in {ElapsedMs} ms",
            directory, summary.Files, summary.Bytes, mediaPart.Records, mediaPart.MissingContent, summary.ElapsedMs);
        return summary;
    }
}
