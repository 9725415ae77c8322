using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

public sealed class WriteGroupTests
{
    [Fact]
    public async Task Concurrent_writes_with_fsync_all_land_and_survive_reopen()
    {
        using var temp = new TempEngine(shards: 2, options => options with { SyncWrites = true });
        var ann = await temp.UserAsync("ann");

        var created = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => temp.Engine.CreateTweetAsync(ann.Id, $"tweet {i}").AsTask()));

        var engine = temp.Reopen();
        var stored = engine.GetUserTweets(ann.Id, PageRequest.First(PageRequest.MaxLimit)).Items;
        Assert.Equal(created.Select(t => t.Id).Order(), stored.Select(t => t.Id).Order());
        Assert.Equal(300, engine.GetAccount(ann.Id)!.TweetsCount);
    }

    [Fact]
    public async Task A_refused_command_in_a_group_leaves_the_others_applied()
    {
        using var temp = new TempEngine(shards: 1);
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        var tweet = await temp.Engine.CreateTweetAsync(ann.Id, "mine");

        var edits = Enumerable.Range(0, 50)
            .Select(i => temp.Engine.EditTweetAsync(i % 2 == 0 ? ann.Id : bob.Id, tweet.Id, $"edit {i}").AsTask())
            .ToList();
        var outcomes = await Task.WhenAll(edits.Select(async e =>
        {
            try
            {
                await e;
                return "ok";
            }
            catch (ChirpException error)
            {
                return error.Code;
            }
        }));

        Assert.Equal(25, outcomes.Count(o => o == "ok"));
        Assert.Equal(25, outcomes.Count(o => o == "forbidden"));
        Assert.Equal(25, temp.Engine.GetTweet(tweet.Id)!.EditCount);
        Assert.Equal(25, temp.Engine.GetEditHistory(tweet.Id).Count);
    }
}
