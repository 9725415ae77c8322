using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Likes and retweets, kept as edges both ways: the user's side on the user's shard (applied first), the tweet's side
/// and its count on the tweet's shard (a message). Both sides are idempotent; removals name the edge they remove.
/// </summary>
internal sealed partial class Shard
{
    private ApplyResult ApplyLike(Like c, ApplyContext context)
    {
        if (!context.Exists(Store.Users, Keys.Id(c.UserId)))
        {
            return ApplyResult.NotFound($"Account {c.UserId} does not exist.");
        }

        long? existing = context.ReadEdge(EdgeKind.LikedTweet, c.UserId, c.TweetId);
        if (existing is not null)
        {
            return ApplyResult.Ok(existing.Value);
        }

        context.PutEdge(EdgeKind.LikedTweet, c.UserId, c.TweetId, c.EdgeId);
        context.PutEdge(EdgeKind.LikesByTime, c.UserId, c.EdgeId, c.TweetId);
        context.NoteId(c.EdgeId);
        context.Changed(c);
        context.Send(_engine.ShardOfId(c.TweetId), new AddLiker { TweetId = c.TweetId, UserId = c.UserId, EdgeId = c.EdgeId });
        return ApplyResult.Ok(c.EdgeId);
    }

    private ApplyResult ApplyUnlike(Unlike c, ApplyContext context)
    {
        long? edge = context.ReadEdge(EdgeKind.LikedTweet, c.UserId, c.TweetId);
        if (edge is null)
        {
            return ApplyResult.Ok();
        }

        context.DeleteEdge(EdgeKind.LikedTweet, c.UserId, c.TweetId);
        context.DeleteEdge(EdgeKind.LikesByTime, c.UserId, edge.Value);
        context.Changed(c);
        context.Send(_engine.ShardOfId(c.TweetId), new RemoveLiker { TweetId = c.TweetId, UserId = c.UserId, EdgeId = edge.Value });
        return ApplyResult.Ok(edge.Value);
    }

    private ApplyResult ApplyAddLiker(AddLiker c, ApplyContext context) =>
        AddEngagement(context, c, c.TweetId, c.UserId, c.EdgeId, EdgeKind.LikerIndex, EdgeKind.LikersByTime, CounterSlot.Likes);

    private ApplyResult ApplyRemoveLiker(RemoveLiker c, ApplyContext context) =>
        RemoveEngagement(context, c, c.TweetId, c.UserId, c.EdgeId, EdgeKind.LikerIndex, EdgeKind.LikersByTime, CounterSlot.Likes);

    private ApplyResult ApplyRetweet(Retweet c, ApplyContext context)
    {
        if (!context.Exists(Store.Users, Keys.Id(c.UserId)))
        {
            return ApplyResult.NotFound($"Account {c.UserId} does not exist.");
        }

        long? existing = context.ReadEdge(EdgeKind.RetweetedTweet, c.UserId, c.OriginalId);
        if (existing is not null)
        {
            return ApplyResult.Ok(existing.Value);
        }

        context.Write(Store.Tweets, Keys.Id(c.RetweetId), new TweetRecord
        {
            Id = c.RetweetId,
            AuthorId = c.UserId,
            RetweetOfId = c.OriginalId,
        });
        context.PutEdge(EdgeKind.RetweetedTweet, c.UserId, c.OriginalId, c.RetweetId);
        WriteAuthored(context, c.UserId, c.RetweetId, AuthoredKind.Retweet);
        context.NoteId(c.RetweetId);
        context.Changed(c);
        context.Send(_engine.ShardOfId(c.OriginalId), new AddRetweeter { OriginalId = c.OriginalId, UserId = c.UserId, RetweetId = c.RetweetId });
        return ApplyResult.Ok(c.RetweetId);
    }

    private ApplyResult ApplyUndoRetweet(UndoRetweet c, ApplyContext context)
    {
        long? retweetId = context.ReadEdge(EdgeKind.RetweetedTweet, c.UserId, c.OriginalId);
        if (retweetId is null)
        {
            return ApplyResult.Ok();
        }

        byte[] key = Keys.Id(retweetId.Value);
        var retweet = context.Read<TweetRecord>(Store.Tweets, key);
        if (retweet is not null)
        {
            Tombstone(retweet, c.AtMs);
            context.Write(Store.Tweets, key, retweet);
        }

        context.DeleteEdge(EdgeKind.RetweetedTweet, c.UserId, c.OriginalId);
        DeleteAuthored(context, c.UserId, retweetId.Value);
        context.Changed(c);
        context.Send(_engine.ShardOfId(c.OriginalId), new RemoveRetweeter { OriginalId = c.OriginalId, UserId = c.UserId, RetweetId = retweetId.Value });
        return ApplyResult.Ok(retweetId.Value);
    }

    private ApplyResult ApplyAddRetweeter(AddRetweeter c, ApplyContext context) =>
        AddEngagement(context, c, c.OriginalId, c.UserId, c.RetweetId, EdgeKind.RetweeterIndex, EdgeKind.RetweetersByTime, CounterSlot.Retweets);

    private ApplyResult ApplyRemoveRetweeter(RemoveRetweeter c, ApplyContext context) =>
        RemoveEngagement(context, c, c.OriginalId, c.UserId, c.RetweetId, EdgeKind.RetweeterIndex, EdgeKind.RetweetersByTime, CounterSlot.Retweets);

    /// <summary>The tweet's side of a like or retweet. A tweet that is gone takes no new engagement, silently.</summary>
    private ApplyResult AddEngagement(ApplyContext context, ShardCommand c, long tweetId, long userId, long edgeId, EdgeKind index, EdgeKind byTime, int slot)
    {
        var tweet = context.Read<TweetRecord>(Store.Tweets, Keys.Id(tweetId));
        if (tweet is null || tweet.Deleted)
        {
            return ApplyResult.Ok();
        }

        long? existing = context.ReadEdge(index, tweetId, userId);
        if (existing == edgeId)
        {
            return ApplyResult.Ok(edgeId);
        }

        if (existing is not null)
        {
            context.DeleteEdge(byTime, tweetId, existing.Value);
        }
        else
        {
            context.AddToCounter(tweetId, slot, 1);
        }

        context.PutEdge(index, tweetId, userId, edgeId);
        context.PutEdge(byTime, tweetId, edgeId, userId);
        context.Changed(c);
        return ApplyResult.Ok(edgeId);
    }

    private ApplyResult RemoveEngagement(ApplyContext context, ShardCommand c, long tweetId, long userId, long edgeId, EdgeKind index, EdgeKind byTime, int slot)
    {
        if (context.ReadEdge(index, tweetId, userId) != edgeId)
        {
            return ApplyResult.Ok();
        }

        context.DeleteEdge(index, tweetId, userId);
        context.DeleteEdge(byTime, tweetId, edgeId);
        context.AddToCounter(tweetId, slot, -1);
        context.Changed(c);
        return ApplyResult.Ok(edgeId);
    }
}
