namespace Chirp.Engine.Timelines;

/// <summary>
/// One newest-first list of timeline entries for the k-way merge, fetched in growing batches below a cursor so that a
/// read which needs only the head of a long list reads only the head.
/// </summary>
internal abstract class TimelineSource
{
    private const int FirstBatch = 16;
    private const int LargestBatch = 256;

    private readonly List<TimelineEntry> _buffer = [];
    private int _index;
    private int _batch = FirstBatch;
    private long? _cursor;
    private bool _exhausted;

    protected TimelineSource(long? upperExclusive)
    {
        _cursor = upperExclusive;
    }

    /// <summary>The newest entry not yet taken, or false when the list is done.</summary>
    public bool TryPeek(out TimelineEntry entry)
    {
        if (_index == _buffer.Count && !Refill())
        {
            entry = default;
            return false;
        }

        entry = _buffer[_index];
        return true;
    }

    public void Advance() => _index++;

    /// <summary>Appends up to <paramref name="count"/> entries below <paramref name="upperExclusive"/>, newest first.</summary>
    protected abstract void Fetch(long? upperExclusive, int count, List<TimelineEntry> into);

    private bool Refill()
    {
        if (_exhausted)
        {
            return false;
        }

        _buffer.Clear();
        _index = 0;
        Fetch(_cursor, _batch, _buffer);
        if (_buffer.Count < _batch)
        {
            _exhausted = true;
        }

        _batch = Math.Min(LargestBatch, _batch * 2);
        if (_buffer.Count == 0)
        {
            return false;
        }

        _cursor = _buffer[^1].TweetId;
        return true;
    }
}
