using System.Diagnostics;

namespace Chirp.Server.Media;

/// <summary>The media part of a server backup.</summary>
public sealed partial class MediaStore
{
    private static readonly TimeSpan ClaimWaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Writes the records and content as they are at one moment into <paramref name="directory"/> (new), in the local
    /// directory's layout (<c>records/</c>, <c>content/</c>), whether the store keeps them in a directory or a bucket. It
    /// first waits for the posts that held media when it was called to attach them: the backup's engine checkpoint, taken
    /// just before, may hold such a post, and its media must be attached in the backup, not left to expire. From a
    /// directory the content is linked (copied when on another file system) under the store's lock, so no file can be
    /// deleted half way; uploads wait for that moment, which takes a few milliseconds per thousand files when linking.
    /// From a bucket every record and content object is downloaded, without holding the lock: content is deleted only
    /// by the expiry sweep, and only when no record uses it.
    /// </summary>
    public async Task<MediaBackup> BackUpAsync(string directory, CancellationToken cancellationToken)
    {
        await WaitForEarlierClaimsAsync(cancellationToken).ConfigureAwait(false);
        MediaRecord[] records;
        (int Files, int Missing) copied;
        if (_shared is null)
        {
            lock (_gate)
            {
                records = [.. _byId.Values];
                copied = CopyContent(records, directory);
            }
        }
        else
        {
            records = [.. _records.LoadAll(QuarantineDamaged("records"))];
            copied = CopyContent(records, directory);
        }

        string staging = Path.Combine(directory, "tmp");
        System.IO.Directory.CreateDirectory(staging);
        var copies = new RecordFiles(Path.Combine(directory, "records"), staging);
        foreach (var record in records)
        {
            copies.Write(record);
        }

        System.IO.Directory.Delete(staging);
        return new MediaBackup(records.Length, copied.Files, copied.Missing);
    }

    private (int Files, int Missing) CopyContent(MediaRecord[] records, string directory)
    {
        int files = 0;
        int missing = 0;
        foreach (string hash in records.Select(r => r.ContentHash).Distinct(StringComparer.Ordinal))
        {
            if (_content.CopyTo(hash, Path.Combine(directory, "content", hash[..2], hash)))
            {
                files++;
            }
            else
            {
                // Already reported (and answered 404) by the store; the backup keeps the record as it is.
                missing++;
            }
        }

        return (files, missing);
    }

    private async Task WaitForEarlierClaimsAsync(CancellationToken cancellationToken)
    {
        HashSet<MediaClaim> earlier;
        lock (_gate)
        {
            earlier = [.. _claims.Values];
        }

        var waited = Stopwatch.StartNew();
        while (earlier.Count > 0)
        {
            lock (_gate)
            {
                earlier.IntersectWith(_claims.Values);
            }

            if (earlier.Count == 0)
            {
                return;
            }

            if (waited.Elapsed > ClaimWaitLimit)
            {
                _logger.LogWarning("Backup: {Claims} posts still hold media after {Seconds} s; their media are backed up unattached", earlier.Count, ClaimWaitLimit.TotalSeconds);
                return;
            }

            await Task.Delay(ClaimPoll, cancellationToken).ConfigureAwait(false);
        }
    }
}
