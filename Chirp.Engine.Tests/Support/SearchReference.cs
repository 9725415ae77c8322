using Chirp.Engine.Storage;

namespace Chirp.Engine.Tests.Support;

/// <summary>
/// What the search index must hold, from the records themselves: exactly one document per account and per live
/// tweet, reply or retweet; and a user's <c>from:</c> search must list exactly their user timeline.
/// </summary>
internal static class SearchReference
{
    public static List<string> Check(ChirpEngine engine, IEnumerable<long> userIds, int maxProblems = 20)
    {
        var problems = new List<string>();
        var statistics = engine.GetSearchStatistics();
        for (int shard = 0; shard < engine.ShardCount; shard++)
        {
            long expected = CountLiveRecords(engine, shard);
            if (statistics[shard].Documents != expected)
            {
                problems.Add($"shard {shard}: the index holds {statistics[shard].Documents} documents; there are {expected} accounts and live tweets");
            }
        }

        foreach (long userId in userIds)
        {
            var account = engine.GetAccount(userId)!;
            var expected = WalkUserTweets(engine, userId);
            var found = WalkSearch(engine, $"from:{account.Username} include:retweets");
            if (!expected.SequenceEqual(found))
            {
                problems.Add($"from:{account.Username}: the user timeline has {expected.Count} entries, search found {found.Count} " +
                    $"(missing {string.Join(',', expected.Except(found).Take(5))}; extra {string.Join(',', found.Except(expected).Take(5))})");
            }

            if (problems.Count >= maxProblems)
            {
                break;
            }
        }

        return problems;
    }

    public static List<long> WalkSearch(ChirpEngine engine, string query, SearchSort sort = SearchSort.Recent)
    {
        var ids = new List<long>();
        var request = new SearchRequest { Sort = sort, Limit = ChirpEngine.MaxSearchLimit };
        while (true)
        {
            var page = engine.SearchTweets(query, request);
            ids.AddRange(page.Items.Select(i => i.Tweet.Id));
            if (page.NextCursor is null)
            {
                return ids;
            }

            request = request with { Cursor = page.NextCursor };
        }
    }

    private static List<long> WalkUserTweets(ChirpEngine engine, long userId)
    {
        var ids = new List<long>();
        var page = engine.GetUserTweets(userId, PageRequest.First(PageRequest.MaxLimit));
        while (true)
        {
            ids.AddRange(page.Items.Select(t => t.Id));
            if (page.NextMaxId is null)
            {
                return ids;
            }

            page = engine.GetUserTweets(userId, PageRequest.Before(page.NextMaxId.Value, PageRequest.MaxLimit));
        }
    }

    private static long CountLiveRecords(ChirpEngine engine, int shard)
    {
        var store = engine.GetShard(shard).Store;
        long count = 0;
        using (var users = store.Db.NewIterator(store.Users))
        {
            for (users.SeekToFirst(); users.Valid(); users.Next())
            {
                count++;
            }
        }

        using var tweets = store.Db.NewIterator(store.Tweets);
        for (tweets.SeekToFirst(); tweets.Valid(); tweets.Next())
        {
            if (!Serialization.Deserialize<TweetRecord>(tweets.Value()).Deleted)
            {
                count++;
            }
        }

        return count;
    }
}
