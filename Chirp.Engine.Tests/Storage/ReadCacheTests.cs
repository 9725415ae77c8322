using Chirp.Engine.Caching;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

public sealed class ReadCacheTests
{
    [Fact]
    public void A_fill_stamped_before_an_invalidation_does_not_stay()
    {
        var cache = new ReadCache<string>(100);
        long stamp = cache.Stamp(1);
        cache.Invalidate(1);
        cache.Fill(1, "read before the write", stamp);

        Assert.False(cache.TryGet(1, out _));

        cache.Fill(1, "read after the write", cache.Stamp(1));
        Assert.True(cache.TryGet(1, out var value));
        Assert.Equal("read after the write", value);
    }

    [Fact]
    public void The_cache_stays_bounded_and_keeps_what_is_read_often()
    {
        var cache = new ReadCache<string>(10);
        cache.Fill(0, "hot", cache.Stamp(0));
        for (long id = 1; id <= 100; id++)
        {
            cache.Fill(id, "cold", cache.Stamp(id));
            Assert.True(cache.TryGet(0, out _));
        }

        int held = Enumerable.Range(0, 101).Count(id => cache.TryGet(id, out _));
        Assert.InRange(held, 1, 11);
    }

    [Fact]
    public void A_disabled_cache_holds_nothing()
    {
        var cache = new ReadCache<string>(0);
        cache.Fill(1, "x", cache.Stamp(1));

        Assert.False(cache.TryGet(1, out _));
    }

    [Fact]
    public async Task Reads_racing_with_edits_and_likes_see_every_acknowledged_write()
    {
        using var temp = new TempEngine(shards: 2);
        var engine = temp.Engine;
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        var tweet = await engine.CreateTweetAsync(ann.Id, "version 0");
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                engine.GetTweet(tweet.Id);
                engine.GetAccount(ann.Id);
            }
        })).ToArray();

        for (int version = 1; version <= 100; version++)
        {
            await engine.EditTweetAsync(ann.Id, tweet.Id, $"version {version}");
            Assert.Equal($"version {version}", engine.GetTweet(tweet.Id)!.Text);
            if (version % 2 == 0)
            {
                await engine.LikeAsync(bob.Id, tweet.Id);
            }
            else
            {
                await engine.UnlikeAsync(bob.Id, tweet.Id);
            }

            await engine.FlushOutboxAsync();
            Assert.Equal(version % 2 == 0 ? 1 : 0, engine.GetTweet(tweet.Id)!.LikeCount);
            await engine.UpdateProfileAsync(ann.Id, new ProfileUpdate(DisplayName: $"Ann {version}"));
            Assert.Equal($"Ann {version}", engine.GetAccount(ann.Id)!.DisplayName);
        }

        stop.Cancel();
        await Task.WhenAll(readers);
    }
}
