using Chirp.Engine.Timelines;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// The obvious implementation: a list per user kept sorted newest first, trimmed to capacity, with a floor: the
/// newest id ever dropped at capacity, at or below which nothing is taken any more.
/// </summary>
internal sealed class TimelineModel(int capacity)
{
    private readonly Dictionary<long, List<TimelineEntry>> _timelines = [];
    private readonly Dictionary<long, long> _floors = [];

    public long FloorOf(long userId) => _floors.GetValueOrDefault(userId);

    public IEnumerable<long> Users => _timelines.Keys;

    public IReadOnlyList<TimelineEntry> Of(long userId) =>
        _timelines.TryGetValue(userId, out var list) ? list : [];

    public void Insert(long userId, TimelineEntry entry)
    {
        if (!_timelines.TryGetValue(userId, out var list))
        {
            list = [];
            _timelines[userId] = list;
        }

        if (entry.TweetId <= FloorOf(userId) || list.Exists(e => e.TweetId == entry.TweetId))
        {
            return;
        }

        if (list.Count == capacity && entry.TweetId < list[^1].TweetId)
        {
            _floors[userId] = entry.TweetId;
            return;
        }

        int index = list.FindIndex(e => e.TweetId < entry.TweetId);
        list.Insert(index < 0 ? list.Count : index, entry);
        if (list.Count > capacity)
        {
            _floors[userId] = list[^1].TweetId;
            list.RemoveAt(list.Count - 1);
        }
    }

    public void Remove(long userId, long tweetId)
    {
        if (_timelines.TryGetValue(userId, out var list))
        {
            list.RemoveAll(e => e.TweetId == tweetId);
        }
    }

    public void RemoveAuthor(long userId, long authorId)
    {
        if (_timelines.TryGetValue(userId, out var list))
        {
            list.RemoveAll(e => e.AuthorId == authorId);
        }
    }

    public void Clear(long userId)
    {
        _timelines.Remove(userId);
        _floors.Remove(userId);
    }

    public TimelineEntry[] Page(long userId, long? maxId, long? sinceId, long? minId, int limit)
    {
        var candidates = Of(userId)
            .Where(e => (maxId is null || e.TweetId < maxId) && (sinceId is null || e.TweetId > sinceId) && (minId is null || e.TweetId > minId))
            .ToList();
        return minId is null
            ? [.. candidates.Take(limit)]
            : [.. candidates.Skip(Math.Max(0, candidates.Count - limit))];
    }
}
