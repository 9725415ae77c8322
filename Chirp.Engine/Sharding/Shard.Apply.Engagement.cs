using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Likes and retweets, kept as edges both ways: the user's side on the user's shard (applied first), the tweet's side
/// and its count on the tweet's shard (a message). A tweet that is gone takes no new engagement, silently.
/// </summary>
internal sealed partial class Shard
{
    private ApplyResult ApplyLike(Like c, ApplyContext context)
    {
        if (!context.Exists(Store.Users, Keys.Id(c.UserId)))
        {
            return ApplyResult.NotFound($"Account {c.UserId} does not exist.");
        }

        var (edgeId, added) = AddOutgoing(context, c, c.UserId, c.TweetId, c.EdgeId, EdgeKind.LikedTweet, EdgeKind.LikesByTime, counterSlot: null);
        if (added)
        {
            context.Send(_router.ShardOfId(c.TweetId), new AddLiker { TweetId = c.TweetId, UserId = c.UserId, EdgeId = edgeId });
        }

        return ApplyResult.Ok(edgeId);
    }

    private ApplyResult ApplyUnlike(Unlike c, ApplyContext context)
    {
        long? edge = RemoveOutgoing(context, c, c.UserId, c.TweetId, EdgeKind.LikedTweet, EdgeKind.LikesByTime, counterSlot: null);
        if (edge is null)
        {
            return ApplyResult.Ok();
        }

        context.Send(_router.ShardOfId(c.TweetId), new RemoveLiker { TweetId = c.TweetId, UserId = c.UserId, EdgeId = edge.Value });
        return ApplyResult.Ok(edge.Value);
    }

    private ApplyResult ApplyAddLiker(AddLiker c, ApplyContext context) =>
        IsLiveTweet(context, c.TweetId)
            ? AddIncoming(context, c, c.TweetId, c.UserId, c.EdgeId, EdgeKind.LikerIndex, EdgeKind.LikersByTime, CounterSlot.Likes)
            : ApplyResult.Ok();

    private ApplyResult ApplyRemoveLiker(RemoveLiker c, ApplyContext context) =>
        RemoveIncoming(context, c, c.TweetId, c.UserId, c.EdgeId, EdgeKind.LikerIndex, EdgeKind.LikersByTime, CounterSlot.Likes);

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

        if (context.Exists(Store.Tweets, Keys.Id(c.RetweetId)))
        {
            throw new InvalidOperationException($"Tweet id {c.RetweetId} is already taken by another tweet: two writes were given one id.");
        }

        context.Write(Store.Tweets, Keys.Id(c.RetweetId), new TweetRecord
        {
            Id = c.RetweetId,
            AuthorId = c.UserId,
            RetweetOfId = c.OriginalId,
        });
        context.PutEdge(EdgeKind.RetweetedTweet, c.UserId, c.OriginalId, c.RetweetId);
        WriteAuthored(context, c.UserId, c.RetweetId, AuthoredKind.Retweet, c.CelebrityThreshold);
        context.NoteId(c.RetweetId);
        context.Changed(c);
        context.Send(_router.ShardOfId(c.OriginalId), new AddRetweeter { OriginalId = c.OriginalId, UserId = c.UserId, RetweetId = c.RetweetId });
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
        context.Send(_router.ShardOfId(c.OriginalId), new RemoveRetweeter { OriginalId = c.OriginalId, UserId = c.UserId, RetweetId = retweetId.Value });
        return ApplyResult.Ok(retweetId.Value);
    }

    private ApplyResult ApplyAddRetweeter(AddRetweeter c, ApplyContext context) =>
        IsLiveTweet(context, c.OriginalId)
            ? AddIncoming(context, c, c.OriginalId, c.UserId, c.RetweetId, EdgeKind.RetweeterIndex, EdgeKind.RetweetersByTime, CounterSlot.Retweets)
            : ApplyResult.Ok();

    private ApplyResult ApplyRemoveRetweeter(RemoveRetweeter c, ApplyContext context) =>
        RemoveIncoming(context, c, c.OriginalId, c.UserId, c.RetweetId, EdgeKind.RetweeterIndex, EdgeKind.RetweetersByTime, CounterSlot.Retweets);

    private bool IsLiveTweet(ApplyContext context, long tweetId) =>
        context.Read<TweetRecord>(Store.Tweets, Keys.Id(tweetId)) is { Deleted: false };
}
