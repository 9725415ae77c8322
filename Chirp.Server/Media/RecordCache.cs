namespace Chirp.Server.Media;

/// <summary>
/// A node's memory of records kept in shared storage: each answer is good for <c>lifetime</c>, after which the record
/// is read again (another node may have described or attached it). Bounded: when full, the quarter read longest ago is
/// dropped. Ids with no record are not remembered, so an upload another node made a moment ago is found at once.
/// Thread-safe.
/// </summary>
internal sealed class RecordCache(TimeSpan lifetime, int capacity, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (MediaRecord Record, long ReadAt)> _entries = [];

    /// <summary>The record remembered for an id if it was read less than the lifetime ago.</summary>
    public MediaRecord? GetFresh(long id)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(id, out var entry) && clock.GetElapsedTime(entry.ReadAt) < lifetime ? entry.Record : null;
        }
    }

    public void Put(MediaRecord record)
    {
        lock (_gate)
        {
            if (_entries.Count >= capacity && !_entries.ContainsKey(record.Id))
            {
                foreach (long stale in _entries.OrderBy(e => e.Value.ReadAt).Take(Math.Max(1, capacity / 4)).Select(e => e.Key).ToList())
                {
                    _entries.Remove(stale);
                }
            }

            _entries[record.Id] = (record, clock.GetTimestamp());
        }
    }

    public void Remove(long id)
    {
        lock (_gate)
        {
            _entries.Remove(id);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }
}
