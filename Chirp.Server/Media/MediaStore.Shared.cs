namespace Chirp.Server.Media;

// Records in a bucket that several nodes share: read through a bounded cache, changed after a fresh read, and expired
// by a sweep that lists them all.
public sealed partial class MediaStore
{
    /// <summary>The largest node number (<see cref="Open"/>): the ten shard bits of a Snowflake id.</summary>
    public const int MaxNodeNumber = 1023;

    /// <summary>
    /// Content in a shared bucket that no record uses is deleted only once it was last written this long ago. An upload
    /// writes its content again (a fresh write time) just before its record, so content that an upload on another node
    /// is about to use is never that old, while the sweep that found it unused may have listed the records before that
    /// upload's record was written.
    /// </summary>
    public static readonly TimeSpan SharedContentGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// The record of an id. A directory of its own answers from memory (call under the lock); a shared bucket from the
    /// cache unless <paramref name="fresh"/>, else by reading the object (which refreshes the cache).
    /// </summary>
    private MediaRecord? Find(long id, bool fresh)
    {
        if (_shared is null)
        {
            return _byId.GetValueOrDefault(id);
        }

        if (!fresh && _shared.GetFresh(id) is { } cached)
        {
            return cached;
        }

        var record = _records.TryRead(id, QuarantineDamaged("records"));
        if (record is null)
        {
            _shared.Remove(id);
        }
        else
        {
            _shared.Put(record);
        }

        return record;
    }

    /// <summary>Keeps a record just written. Under the lock.</summary>
    private void Remember(MediaRecord record)
    {
        if (_shared is null)
        {
            _byId[record.Id] = record;
        }
        else
        {
            _shared.Put(record);
        }
    }

    /// <summary>Drops a record just deleted. Under the lock.</summary>
    private void Forget(long id)
    {
        if (_shared is null)
        {
            _byId.Remove(id);
        }
        else
        {
            _shared.Remove(id);
        }
    }

    /// <summary>
    /// Expiry over a shared bucket: reads every record (one listing, one read each), deletes the unattached ones created
    /// before <paramref name="cutoff"/> that this node has not claimed, then every content object that no remaining
    /// record uses and that was last written more than <see cref="SharedContentGrace"/> before <paramref name="now"/>.
    /// </summary>
    private MediaExpiry ExpireShared(DateTimeOffset cutoff, DateTimeOffset now)
    {
        var all = _records.LoadAll(QuarantineDamaged("records")).ToList();
        List<MediaRecord> expired;
        lock (_gate)
        {
            // A post on another node may hold a claim this node cannot see: see docs/cluster.md, "Media".
            expired = [.. all.Where(r => r.AttachedStatusId is null && r.CreatedAt < cutoff && !_claims.ContainsKey(r.Id))];
            foreach (var record in expired)
            {
                Forget(record.Id);
            }
        }

        _records.Delete(expired.Select(r => r.Id));
        var used = all.Except(expired).Select(r => r.ContentHash).ToHashSet(StringComparer.Ordinal);
        var unusedBefore = now - SharedContentGrace;
        int deleted = 0;
        foreach (var (hash, lastWrite) in _content.Enumerate().ToList())
        {
            if (!used.Contains(hash) && lastWrite < unusedBefore && _content.Delete(hash))
            {
                _verifier.Forget(hash);
                deleted++;
            }
        }

        return new MediaExpiry(expired.Count, deleted);
    }
}
