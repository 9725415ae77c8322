using System.Globalization;

namespace Chirp.Server.Media;

/// <summary>
/// Records and attach intents in the bucket, as small JSON objects in the same format as the files of the local
/// directory: <c>records/{id}.json</c> and <c>journal/attach-{status}-{guid}.json</c>. A PUT replaces an object whole,
/// so a reader sees the old record or the new one. Damaged objects are copied to <c>quarantine/{kind}/</c> and deleted.
/// </summary>
internal sealed class S3RecordStorage(S3Bucket bucket) : IMediaRecordStorage
{
    private const string RecordPrefix = "records/";
    private const string JournalPrefix = "journal/attach-";
    private const string JsonType = "application/json";

    // A sweep reads every record; one at a time that is one round trip each (about 11 ms against s3rver on loopback).
    private const int ParallelReads = 16;

    public void Write(MediaRecord record) => bucket.PutBytes(KeyOf(record.Id), RecordJson.Serialize(record), JsonType);

    public void Delete(IEnumerable<long> ids)
    {
        foreach (long id in ids)
        {
            bucket.Delete(KeyOf(id));
        }
    }

    public MediaRecord? TryRead(long id, Action<string, string> damaged)
    {
        string key = KeyOf(id);
        return bucket.TryReadAll(key) is { } bytes ? RecordJson.ParseRecord(bytes, id.ToString(CultureInfo.InvariantCulture), key, damaged) : null;
    }

    /// <summary>
    /// Lists every record, then reads them, <see cref="ParallelReads"/> at a time: one request per record (see
    /// docs/cluster.md, "Media", for the limits). In the order listed (by key).
    /// </summary>
    public IEnumerable<MediaRecord> LoadAll(Action<string, string> damaged)
    {
        // Listed first: the caller may move a damaged object away while this goes on.
        string[] keys = [.. bucket.List(RecordPrefix).Select(item => item.Key).Where(key => key.EndsWith(".json", StringComparison.Ordinal))];
        var contents = new byte[]?[keys.Length];
        // Asynchronous reads, waited for once: blocking a pool thread per read would starve the pool the reads complete on.
        Parallel.ForEachAsync(
            Enumerable.Range(0, keys.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads },
            async (i, cancellationToken) => contents[i] = await bucket.TryReadAllAsync(keys[i]).ConfigureAwait(false)).GetAwaiter().GetResult();
        var records = new List<MediaRecord>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            string name = keys[i][RecordPrefix.Length..^".json".Length];
            // Null: deleted since it was listed (expired or deleted by another node), not a damaged record.
            if (contents[i] is { } bytes && RecordJson.ParseRecord(bytes, name, keys[i], damaged) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public string WriteIntent(AttachIntent intent)
    {
        string key = $"{JournalPrefix}{intent.StatusId}-{Guid.NewGuid():N}.json";
        bucket.PutBytes(key, RecordJson.Serialize(intent), JsonType);
        return key;
    }

    public void DeleteIntent(string location) => bucket.Delete(location);

    public IEnumerable<(string Location, AttachIntent Intent)> LoadIntents(Action<string, string> damaged)
    {
        foreach (string key in bucket.List(JournalPrefix).Select(item => item.Key).ToList())
        {
            if (bucket.TryReadAll(key) is { } bytes && RecordJson.ParseIntent(bytes, key, damaged) is { } intent)
            {
                yield return (key, intent);
            }
        }
    }

    public string Quarantine(string location, string kind)
    {
        string name = location[(location.LastIndexOf('/') + 1)..];
        string target = $"quarantine/{kind}/{name}.{DateTime.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}";
        // Gone already (another node moved it): nothing is left to move.
        if (bucket.Copy(location, target))
        {
            bucket.Delete(location);
        }

        return bucket.Describe(target);
    }

    private static string KeyOf(long id) => RecordPrefix + id.ToString(CultureInfo.InvariantCulture) + ".json";
}
