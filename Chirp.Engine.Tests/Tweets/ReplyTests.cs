using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Tweets;

public sealed class ReplyTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task Replies_are_paged_in_order_and_counted_on_the_parent()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var root = await Engine.CreateTweetAsync(ann.Id, "root");
        var replies = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            replies.Add((await Engine.CreateReplyAsync(i % 2 == 0 ? bob.Id : ann.Id, root.Id, $"reply {i}")).Id);
        }

        var first = Engine.GetReplies(root.Id, limit: 3);
        var rest = Engine.GetReplies(root.Id, first.NextMaxId, 3);

        Assert.Equal(replies, first.Items.Concat(rest.Items).Select(r => r.Id));
        Assert.Null(rest.NextMaxId);
        Assert.Equal(5, Engine.GetTweet(root.Id)!.ReplyCount);
        Assert.All(first.Items, r => Assert.Equal(root.Id, r.InReplyToId));
        Assert.All(first.Items, r => Assert.Equal(ann.Id, r.InReplyToAuthorId));
    }

    [Fact]
    public async Task Reply_lives_on_the_parents_shard_and_in_the_authors_own_list()
    {
        var ann = await _temp.UserAsync("ann");
        var users = new List<Account>();
        for (int i = 0; i < 8; i++)
        {
            users.Add(await _temp.UserAsync("user" + i));
        }

        var root = await Engine.CreateTweetAsync(ann.Id, "root");
        var other = users.First(u => SnowflakeId.ShardOf(u.Id) != SnowflakeId.ShardOf(ann.Id));

        var reply = await Engine.CreateReplyAsync(other.Id, root.Id, "from elsewhere");
        await Engine.FlushOutboxAsync();

        Assert.Equal(SnowflakeId.ShardOf(root.Id), SnowflakeId.ShardOf(reply.Id));
        Assert.Equal([reply.Id], Engine.GetUserTweets(other.Id, PageRequest.First()).Items.Select(t => t.Id));
        Assert.Equal(1, Engine.GetAccount(other.Id)!.TweetsCount);

        await Engine.DeleteTweetAsync(other.Id, reply.Id);
        await Engine.FlushOutboxAsync();

        Assert.Empty(Engine.GetUserTweets(other.Id, PageRequest.First()).Items);
        Assert.Equal(0, Engine.GetTweet(root.Id)!.ReplyCount);
        Assert.Empty(Engine.GetReplies(root.Id).Items);
    }

    [Fact]
    public async Task Ancestors_are_root_first_and_skip_deleted()
    {
        var ann = await _temp.UserAsync("ann");
        var root = await Engine.CreateTweetAsync(ann.Id, "root");
        var r1 = await Engine.CreateReplyAsync(ann.Id, root.Id, "r1");
        var r2 = await Engine.CreateReplyAsync(ann.Id, r1.Id, "r2");
        var r3 = await Engine.CreateReplyAsync(ann.Id, r2.Id, "r3");

        Assert.Equal([root.Id, r1.Id, r2.Id], Engine.GetAncestors(r3.Id).Select(t => t.Id));
        Assert.Empty(Engine.GetAncestors(root.Id));

        await Engine.DeleteTweetAsync(ann.Id, r1.Id);
        Assert.Equal([root.Id, r2.Id], Engine.GetAncestors(r3.Id).Select(t => t.Id));
    }

    [Fact]
    public async Task Reply_to_missing_or_deleted_parent_is_not_found()
    {
        var ann = await _temp.UserAsync("ann");
        var root = await Engine.CreateTweetAsync(ann.Id, "root");
        await Engine.DeleteTweetAsync(ann.Id, root.Id);

        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateReplyAsync(ann.Id, root.Id, "late").AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateReplyAsync(ann.Id, 123456789, "nowhere").AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, Assert.Throws<ChirpException>(() => Engine.GetReplies(root.Id)).ErrorCode);
    }

    [Fact]
    public async Task Reply_to_a_retweet_answers_the_original()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var original = await Engine.CreateTweetAsync(ann.Id, "original");
        var retweet = await Engine.RetweetAsync(bob.Id, original.Id);

        var reply = await Engine.CreateReplyAsync(bob.Id, retweet.Id, "answer");

        Assert.Equal(original.Id, reply.InReplyToId);
    }

    [Fact]
    public async Task Replies_can_be_edited_and_deleted_by_their_author_only()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var root = await Engine.CreateTweetAsync(ann.Id, "root");
        var reply = await Engine.CreateReplyAsync(bob.Id, root.Id, "reply");

        Assert.Equal(ChirpErrorCode.Forbidden, (await Assert.ThrowsAsync<ChirpException>(() => Engine.EditTweetAsync(ann.Id, reply.Id, "x").AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.Forbidden, (await Assert.ThrowsAsync<ChirpException>(() => Engine.DeleteTweetAsync(ann.Id, reply.Id).AsTask())).ErrorCode);
        var edited = await Engine.EditTweetAsync(bob.Id, reply.Id, "reply, edited");

        Assert.Equal("reply, edited", Engine.GetReplies(root.Id).Items.Single().Text);
        Assert.Equal(root.Id, edited.InReplyToId);
    }

    public void Dispose() => _temp.Dispose();
}
