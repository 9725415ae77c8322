using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

public sealed class RequestRetentionTests
{
    [Fact]
    public async Task Request_id_is_deduplicated_within_the_retention_and_forgotten_after()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var temp = new TempEngine(shards: 2, options => options with { Clock = clock, RequestRetention = TimeSpan.FromHours(1) });
        var ann = await temp.UserAsync("ann");
        var requestId = Guid.CreateVersion7();
        var first = await temp.Engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        clock.Now += TimeSpan.FromMinutes(59);
        await temp.Engine.PruneRequestsAsync();
        var retried = await temp.Engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        clock.Now += TimeSpan.FromMinutes(2);
        await temp.Engine.PruneRequestsAsync();
        var afterRetention = await temp.Engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        Assert.Equal(first.Id, retried.Id);
        Assert.NotEqual(first.Id, afterRetention.Id);
    }

    [Fact]
    public async Task Request_records_survive_reopen()
    {
        using var temp = new TempEngine(shards: 2);
        var ann = await temp.UserAsync("ann");
        var requestId = Guid.CreateVersion7();
        var first = await temp.Engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        var engine = temp.Reopen();
        var retried = await engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        Assert.Equal(first.Id, retried.Id);
        Assert.Single(engine.GetUserTweets(ann.Id, PageRequest.First()).Items);
    }
}
