using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Tweets;

public sealed class ThreadReadTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 2);

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task Ancestors_with_a_limit_are_the_nearest_ones_root_first()
    {
        var ann = await _temp.UserAsync("ann");
        var chain = new List<long> { (await Engine.CreateTweetAsync(ann.Id, "root")).Id };
        for (int i = 0; i < 9; i++)
        {
            chain.Add((await Engine.CreateReplyAsync(ann.Id, chain[^1], $"reply {i}")).Id);
        }

        var nearest = Engine.GetAncestors(chain[^1], 3);

        Assert.Equal(chain[^4..^1], nearest.Select(t => t.Id));
        Assert.Equal(chain[..^1], Engine.GetAncestors(chain[^1]).Select(t => t.Id));
        Assert.Throws<ChirpException>(() => Engine.GetAncestors(chain[^1], 0));
    }

    [Fact]
    public async Task Recent_replies_page_newest_first_through_every_reply()
    {
        var ann = await _temp.UserAsync("ann");
        var root = await Engine.CreateTweetAsync(ann.Id, "root");
        var replies = new List<long>();
        for (int i = 0; i < 25; i++)
        {
            replies.Add((await Engine.CreateReplyAsync(ann.Id, root.Id, $"reply {i}")).Id);
        }

        await Engine.DeleteTweetAsync(ann.Id, replies[10]);
        var seen = new List<long>();
        var page = Engine.GetRecentReplies(root.Id, PageRequest.First(10));
        while (true)
        {
            seen.AddRange(page.Items.Select(t => t.Id));
            if (page.NextMaxId is not { } next)
            {
                break;
            }

            page = Engine.GetRecentReplies(root.Id, PageRequest.Before(next, 10));
        }

        Assert.Equal(replies.Where(r => r != replies[10]).Reverse(), seen);
        await Engine.DeleteTweetAsync(ann.Id, root.Id);
        Assert.Throws<ChirpException>(() => Engine.GetRecentReplies(root.Id, PageRequest.First()));
    }

    [Fact]
    public async Task Edit_history_is_read_a_range_of_versions_at_a_time()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "version 0");
        for (int i = 1; i <= 6; i++)
        {
            await Engine.EditTweetAsync(ann.Id, tweet.Id, $"version {i}");
        }

        Assert.Equal(["version 2", "version 3", "version 4"], Engine.GetEditHistory(tweet.Id, 2, 3).Select(v => v.Text));
        Assert.Equal(["version 4", "version 5"], Engine.GetEditHistory(tweet.Id, 4, 100).Select(v => v.Text));
        Assert.Empty(Engine.GetEditHistory(tweet.Id, 6, 10));
        Assert.Equal(6, Engine.GetEditHistory(tweet.Id).Count);
        Assert.Throws<ChirpException>(() => Engine.GetEditHistory(tweet.Id, -1, 3));
        Assert.Throws<ChirpException>(() => Engine.GetEditHistory(tweet.Id, 0, 0));
    }

    public void Dispose() => _temp.Dispose();
}
