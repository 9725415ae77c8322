using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

public sealed class EngineStatisticsTests
{
    [Fact]
    public async Task Cache_statistics_count_hits_and_misses_and_storage_statistics_report_every_shard()
    {
        using var temp = new TempEngine(shards: 2);
        var ann = await temp.UserAsync("ann");
        var tweet = await temp.Engine.CreateTweetAsync(ann.Id, "counted");
        long Lookups() => temp.Engine.GetCacheStatistics().Single(c => c.Name == "tweets") is var t ? t.Hits + t.Misses : 0;
        long before = Lookups();

        temp.Engine.GetTweet(tweet.Id);
        temp.Engine.GetTweet(tweet.Id);

        var tweets = temp.Engine.GetCacheStatistics().Single(c => c.Name == "tweets");
        Assert.True(tweets.Hits + tweets.Misses >= before + 2);
        Assert.True(tweets.Hits >= 1);
        var storage = temp.Engine.GetStorageStatistics();
        Assert.Equal([0, 1], storage.Select(s => s.Shard));
        Assert.Contains(storage, s => s.MemtableBytes > 0 || s.SstFileBytes > 0);
    }
}
