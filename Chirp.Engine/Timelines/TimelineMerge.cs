namespace Chirp.Engine.Timelines;

/// <summary>K-way merge of newest-first sources into one newest-first stream without repeated tweet ids.</summary>
internal sealed class TimelineMerge
{
    private readonly PriorityQueue<TimelineSource, long> _heads = new();
    private long _last = long.MaxValue;

    public TimelineMerge(IEnumerable<TimelineSource> sources)
    {
        foreach (var source in sources)
        {
            Enqueue(source);
        }
    }

    public bool TryNext(out TimelineEntry entry)
    {
        while (_heads.TryDequeue(out var source, out _))
        {
            source.TryPeek(out entry);
            source.Advance();
            Enqueue(source);
            if (entry.TweetId < _last)
            {
                _last = entry.TweetId;
                return true;
            }
        }

        entry = default;
        return false;
    }

    private void Enqueue(TimelineSource source)
    {
        // The queue takes the lowest priority first; negated ids make that the newest entry.
        if (source.TryPeek(out var head))
        {
            _heads.Enqueue(source, -head.TweetId);
        }
    }
}
