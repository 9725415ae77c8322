namespace Chirp.Engine.Tests.Model;

/// <summary>Asserts that every query of the engine answers what the model says, once the outbox is drained.</summary>
public static class ModelComparison
{
    private static readonly PageRequest All = PageRequest.First(PageRequest.MaxLimit);

    public static void AssertAgrees(ChirpEngine engine, ReferenceModel model)
    {
        Assert.Equal(0, engine.GetOutboxDepth());
        Assert.Empty(engine.GetDeadLetters());
        var tweetIds = model.TweetOrder;

        foreach (long user in model.Users)
        {
            var account = engine.GetAccount(user);
            Assert.NotNull(account);
            Assert.Equal(model.UsernameOf[user], account.Username);
            Assert.Equal(model.Follows.Count(f => f.Follower == user), account.FollowingCount);
            Assert.Equal(model.Follows.Count(f => f.Followee == user), account.FollowersCount);
            Assert.Equal(model.Tweets.Values.Count(t => t.Author == user && !t.Deleted), account.TweetsCount);

            var expectedOwn = model.Tweets.Values.Where(t => t.Author == user && model.IsLive(t.Id)).Select(t => t.Id).OrderDescending();
            Assert.Equal(expectedOwn, engine.GetUserTweets(user, All).Items.Select(t => t.Id));

            Assert.Equal(model.Users.Select(other => model.Follows.Contains((user, other))), engine.IsFollowing(user, model.Users));
            Assert.Equal(tweetIds.Select(t => model.Likes.Contains((user, t))), engine.HasLiked(user, tweetIds));
            Assert.Equal(tweetIds.Select(t => model.Retweets.ContainsKey((user, t))), engine.HasRetweeted(user, tweetIds));

            AssertEdgeList(model.Follows.Where(f => f.Follower == user).Select(f => f.Followee), engine.GetFollowing(user, All));
            AssertEdgeList(model.Follows.Where(f => f.Followee == user).Select(f => f.Follower), engine.GetFollowers(user, All));
            var mutual = model.Follows.Where(f => f.Follower == user && model.Follows.Contains((f.Followee, user))).Select(f => f.Followee).Order();
            Assert.Equal(mutual, engine.GetMutualFollows(user, limit: PageRequest.MaxLimit).Items);

            var likedLive = model.Likes.Where(l => l.User == user && model.IsLive(l.Tweet)).Select(l => l.Tweet).Order();
            Assert.Equal(likedLive, engine.GetLikedTweets(user, All).Items.Select(t => t.Id).Order());
        }

        foreach (long id in tweetIds)
        {
            var expected = model.Tweets[id];
            var actual = engine.GetTweet(id);
            if (!model.IsLive(id))
            {
                Assert.Null(actual);
                continue;
            }

            Assert.NotNull(actual);
            Assert.Equal(expected.Author, actual.AuthorId);
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.RetweetOf == 0 ? null : expected.RetweetOf, actual.RetweetOfId);
            if (expected.RetweetOf != 0)
            {
                continue;
            }

            var liveReplies = model.Tweets.Values.Where(t => t.Parent == id && !t.Deleted).Select(t => t.Id).Order().ToList();
            Assert.Equal(liveReplies.Count, actual.ReplyCount);
            Assert.Equal(liveReplies, engine.GetReplies(id, limit: PageRequest.MaxLimit).Items.Select(t => t.Id));
            Assert.Equal(model.Likes.Count(l => l.Tweet == id), actual.LikeCount);
            Assert.Equal(model.Retweets.Keys.Count(r => r.Original == id), actual.RetweetCount);
            Assert.Equal(expected.History, engine.GetEditHistory(id).Select(v => v.Text));
            AssertEdgeList(model.Likes.Where(l => l.Tweet == id).Select(l => l.User), engine.GetLikers(id, All));
            AssertEdgeList(model.Retweets.Keys.Where(r => r.Original == id).Select(r => r.User), engine.GetRetweeters(id, All));
            if (expected.Parent != 0)
            {
                Assert.Equal(Ancestors(model, id), engine.GetAncestors(id).Select(t => t.Id));
            }
        }

        for (int shard = 0; shard < engine.ShardCount; shard++)
        {
            var changes = engine.ReadChanges(shard, 0, 100_000);
            Assert.Equal(Enumerable.Range(1, changes.Count).Select(i => (long)i), changes.Select(c => c.Position));
            Assert.Equal(changes.Count, engine.GetAppliedPosition(shard));
        }
    }

    private static void AssertEdgeList(IEnumerable<long> expectedUsers, Page<AccountEdge> page)
    {
        Assert.Equal(expectedUsers.Order(), page.Items.Select(e => e.UserId).Order());
        Assert.Equal(page.Items.Select(e => e.Cursor).OrderDescending(), page.Items.Select(e => e.Cursor));
    }

    private static List<long> Ancestors(ReferenceModel model, long id)
    {
        var chain = new List<long>();
        long parent = model.Tweets[id].Parent;
        while (parent != 0)
        {
            if (!model.Tweets[parent].Deleted)
            {
                chain.Add(parent);
            }

            parent = model.Tweets[parent].Parent;
        }

        chain.Reverse();
        return chain;
    }
}
