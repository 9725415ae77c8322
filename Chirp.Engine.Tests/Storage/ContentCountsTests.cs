using Chirp.Engine.Storage;
using Chirp.Engine.Tests.Support;
using RocksDbSharp;

namespace Chirp.Engine.Tests.Storage;

public sealed class ContentCountsTests
{
    [Fact]
    public void A_new_engine_counts_nothing()
    {
        using var temp = new TempEngine(shards: 2);

        Assert.Equal(new ContentCounts(0, 0), temp.Engine.GetCounts());
    }

    [Fact]
    public async Task Counts_follow_accounts_tweets_replies_retweets_and_deletes_and_survive_a_reopen()
    {
        using var temp = new TempEngine(shards: 4);
        var engine = temp.Engine;
        var users = new List<Account>();
        for (int i = 0; i < 6; i++)
        {
            users.Add(await temp.UserAsync("user" + i));
        }

        var tweets = new List<Tweet>();
        foreach (var user in users)
        {
            tweets.Add(await engine.CreateTweetAsync(user.Id, "hello from " + user.Username));
        }

        // Replies live on the parent's shard and reach their authors' lists through the outbox.
        for (int i = 0; i < users.Count; i++)
        {
            await engine.CreateReplyAsync(users[i].Id, tweets[(i + 1) % tweets.Count].Id, "a reply");
        }

        await engine.RetweetAsync(users[0].Id, tweets[1].Id);
        await engine.RetweetAsync(users[2].Id, tweets[3].Id);
        await engine.UndoRetweetAsync(users[2].Id, tweets[3].Id);
        await engine.DeleteTweetAsync(users[4].Id, tweets[4].Id);
        await engine.FlushOutboxAsync();

        var expected = new ContentCounts(6, 6 + 6 + 1 - 1);
        Assert.Equal(expected, engine.GetCounts());
        Assert.Equal(engine.GetAccounts([.. users.Select(u => u.Id)]).Sum(a => a!.TweetsCount), engine.GetCounts().Statuses);

        Assert.Equal(expected, temp.Reopen().GetCounts());
    }

    [Fact]
    public async Task A_shard_written_before_totals_were_kept_counts_them_once_as_it_opens()
    {
        using var temp = new TempEngine(shards: 2);
        for (int i = 0; i < 5; i++)
        {
            var user = await temp.UserAsync("user" + i);
            await temp.Engine.CreateTweetAsync(user.Id, "one");
            await temp.Engine.CreateTweetAsync(user.Id, "two");
        }

        temp.Engine.Dispose();
        var cache = Cache.CreateLru(1 << 20);
        for (int shard = 0; shard < 2; shard++)
        {
            using var store = ShardStore.Open(Path.Combine(temp.Directory, $"shard-{shard:D4}"), shard, cache);
            store.Db.Remove(Keys.Id(CounterSlot.TotalsId), store.Counters);
        }

        Assert.Equal(new ContentCounts(5, 10), temp.Reopen().GetCounts());
    }
}
