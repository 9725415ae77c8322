namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// The reference semantics of home timelines, computed by a plain pull over everything with no capacity, no
/// celebrities and no stored state: the reader's own list and the lists of everyone the reader follows, newest first,
/// filtered (retweets of deleted tweets; replies the reader should not see), then each retweet hidden when its original
/// or another retweet of it is among the <see cref="RetweetWindow"/> candidates just older than it.
/// </summary>
public sealed class HomeTimelineModel
{
    public const int RetweetWindow = 40;

    public List<long> Users { get; } = [];

    /// <summary>Every tweet, reply and retweet entry ever created, in creation order.</summary>
    public List<long> Order { get; } = [];

    public Dictionary<long, HomeTimelineModelTweet> Tweets { get; } = [];

    /// <summary>(user, original) → retweet entry id, for retweets in place (also those whose original is deleted).</summary>
    public Dictionary<(long User, long Original), long> Retweets { get; } = [];

    public HashSet<(long Follower, long Followee)> Follows { get; } = [];

    public void Add(HomeTimelineModelTweet tweet)
    {
        Tweets.Add(tweet.Id, tweet);
        Order.Add(tweet.Id);
    }

    public int FollowerCount(long userId) => Follows.Count(f => f.Followee == userId);

    /// <summary>The live original a tweet id stands for (what the engine replies to or retweets), or null if none.</summary>
    public long? LiveOriginal(long id)
    {
        var tweet = Tweets[id];
        if (tweet.Deleted)
        {
            return null;
        }

        if (!tweet.IsRetweet)
        {
            return id;
        }

        return Tweets[tweet.RetweetOf].Deleted ? null : tweet.RetweetOf;
    }

    public long OriginalOf(long id) => Tweets[id].IsRetweet ? Tweets[id].RetweetOf : id;

    /// <summary>The reader's candidates, newest first, each with whether the retweet rule hides it.</summary>
    public List<(HomeTimelineModelTweet Tweet, bool Hidden)> Candidates(long readerId)
    {
        var candidates = Tweets.Values
            .Where(t => !t.Deleted && (t.Author == readerId || Follows.Contains((readerId, t.Author))))
            .Where(t => t.IsRetweet ? !Tweets[t.RetweetOf].Deleted : !t.IsReply || ShowsReply(readerId, t))
            .OrderByDescending(t => t.Id)
            .ToList();

        var result = new List<(HomeTimelineModelTweet, bool)>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            var tweet = candidates[i];
            bool hidden = tweet.IsRetweet
                && candidates.Skip(i + 1).Take(RetweetWindow).Any(older => older.Key == tweet.Key);
            result.Add((tweet, hidden));
        }

        return result;
    }

    /// <summary>The reader's whole home timeline, newest first.</summary>
    public List<long> Visible(long readerId) => [.. Candidates(readerId).Where(c => !c.Hidden).Select(c => c.Tweet.Id)];

    /// <summary>What one page request must answer.</summary>
    public HomeTimelinePageIds Page(long readerId, PageRequest request)
    {
        var visible = Visible(readerId);
        long? lower = Max(request.SinceId, request.MinId);
        var inRange = visible
            .Where(id => (request.MaxId is not { } max || id < max) && (lower is not { } low || id > low))
            .ToList();
        var items = request.MinId is null
            ? inRange.Take(request.Limit).ToList()
            : inRange.Skip(Math.Max(0, inRange.Count - request.Limit)).ToList();
        long? next = items.Count > 0 && visible.Any(id => id < items[^1]) ? items[^1] : null;
        long? prev = items.Count > 0 ? items[0] : lower;
        return new HomeTimelinePageIds(items, next, prev);
    }

    private bool ShowsReply(long readerId, HomeTimelineModelTweet reply) =>
        reply.Author == readerId
        || reply.ParentAuthor == reply.Author
        || reply.ParentAuthor == readerId
        || Follows.Contains((readerId, reply.ParentAuthor));

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
