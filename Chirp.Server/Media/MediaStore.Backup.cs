using System.Diagnostics;
using Chirp.Server.Backup;

namespace Chirp.Server.Media;

/// <summary>The media part of a server backup.</summary>
public sealed partial class MediaStore
{
    private static readonly TimeSpan ClaimWaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Writes the records and content as they are at one moment into <paramref name="directory"/> (new), in the store's
    /// own layout (<c>records/</c>, <c>content/</c>). It first waits for the posts that held media when it was called to
    /// attach them: the backup's engine checkpoint, taken just before, may hold such a post, and its media must be
    /// attached in the backup, not left to expire. The content is linked (copied when on another file system) under
    /// the store's lock, so no file can be deleted half way; uploads wait for that moment, which takes a few
    /// milliseconds per thousand files when linking.
    /// </summary>
    public async Task<MediaBackup> BackUpAsync(string directory, CancellationToken cancellationToken)
    {
        await WaitForEarlierClaimsAsync(cancellationToken).ConfigureAwait(false);
        MediaRecord[] records;
        int files = 0;
        int missing = 0;
        lock (_gate)
        {
            records = [.. _byId.Values];
            foreach (string hash in records.Select(r => r.ContentHash).Distinct(StringComparer.Ordinal))
            {
                string source = _content.PathOf(hash);
                if (!File.Exists(source))
                {
                    // Already reported (and answered 404) by the store; the backup keeps the record as it is.
                    missing++;
                    continue;
                }

                string target = Path.Combine(directory, Path.GetRelativePath(Directory, source));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (!HardLink.TryCreate(source, target))
                {
                    File.Copy(source, target);
                }

                files++;
            }
        }

        string staging = Path.Combine(directory, "tmp");
        System.IO.Directory.CreateDirectory(staging);
        var copies = new RecordFiles(Path.Combine(directory, "records"), staging);
        foreach (var record in records)
        {
            copies.Write(record);
        }

        System.IO.Directory.Delete(staging);
        return new MediaBackup(records.Length, files, missing);
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
