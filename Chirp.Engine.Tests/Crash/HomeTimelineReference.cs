namespace Chirp.Engine.Tests.Crash;

/// <summary>
/// Home timelines computed the plain way, from the engine's durable lists through the public API (a user's own list
/// and whom they follow), with the reply and retweet rules applied over the whole history: the answer a stored
/// timeline, rebuilt or fanned out, must give.
/// </summary>
internal static class HomeTimelineReference
{
    private const int RetweetWindow = 40;

    /// <summary>Compares every page walk of each user's home timeline with the reference; returns the differences.</summary>
    public static List<string> Check(ChirpEngine engine, IEnumerable<long> userIds, int maxProblems = 20)
    {
        var problems = new List<string>();
        foreach (long userId in userIds)
        {
            var expected = Expected(engine, userId);
            var actual = WalkHome(engine, userId);
            if (!expected.SequenceEqual(actual))
            {
                int at = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
                problems.Add($"home timeline of {userId}: expected {expected.Count} entries, read {actual.Count}; first difference at {at}: " +
                    $"expected {(at < expected.Count ? expected[at] : "end")}, read {(at < actual.Count ? actual[at] : "end")}");
                if (problems.Count >= maxProblems)
                {
                    break;
                }
            }
        }

        return problems;
    }

    public static List<long> WalkHome(ChirpEngine engine, long userId)
    {
        var ids = new List<long>();
        var page = engine.GetHomeTimeline(userId, PageRequest.First(ChirpEngine.MaxTimelineLimit));
        while (true)
        {
            ids.AddRange(page.Items.Select(i => i.Tweet.Id));
            if (page.NextMaxId is null)
            {
                return ids;
            }

            page = engine.GetHomeTimeline(userId, PageRequest.Before(page.NextMaxId.Value, ChirpEngine.MaxTimelineLimit));
        }
    }

    public static List<long> Expected(ChirpEngine engine, long userId)
    {
        var followees = All(cursor => engine.GetFollowing(userId, Page(cursor)), e => e.Cursor).Select(e => e.UserId).ToHashSet();
        var candidates = followees.Append(userId)
            .SelectMany(author => All(cursor => engine.GetUserTweets(author, Page(cursor)), t => t.Id))
            .DistinctBy(t => t.Id)
            .Where(t => t.InReplyToId is null
                || t.AuthorId == userId
                || t.InReplyToAuthorId == t.AuthorId
                || t.InReplyToAuthorId == userId
                || followees.Contains(t.InReplyToAuthorId!.Value))
            .OrderByDescending(t => t.Id)
            .ToList();

        var visible = new List<long>();
        for (int i = 0; i < candidates.Count; i++)
        {
            var tweet = candidates[i];
            bool hidden = tweet.RetweetOfId is { } original
                && candidates.Skip(i + 1).Take(RetweetWindow).Any(older => (older.RetweetOfId ?? older.Id) == original);
            if (!hidden)
            {
                visible.Add(tweet.Id);
            }
        }

        return visible;
    }

    private static PageRequest Page(long? cursor) => cursor is null ? PageRequest.First(PageRequest.MaxLimit) : PageRequest.Before(cursor.Value, PageRequest.MaxLimit);

    private static List<T> All<T>(Func<long?, Page<T>> read, Func<T, long> cursorOf)
    {
        var all = new List<T>();
        long? cursor = null;
        while (true)
        {
            var page = read(cursor);
            all.AddRange(page.Items);
            if (page.NextMaxId is null || page.Items.Count == 0)
            {
                return all;
            }

            cursor = page.NextMaxId;
        }
    }
}
