using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>
/// Likes and retweets. The user's side is written when the call returns; the tweet's side (who liked, the count)
/// follows through the outbox when the tweet lives on another shard (see <see cref="FlushOutboxAsync"/>).
/// </summary>
public sealed partial class ChirpEngine
{
    /// <summary>Likes a tweet (a retweet entry stands for its original). Idempotent: liking twice is one like.</summary>
    public async ValueTask<OutboxReceipt> LikeAsync(long userId, long tweetId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(userId);
        long originalId = ResolveOriginal(tweetId);
        return await SubmitWithReceiptAsync(shard, new Like { UserId = userId, TweetId = originalId }, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a like. Idempotent: unliking a tweet that is not liked does nothing.</summary>
    public async ValueTask<OutboxReceipt> UnlikeAsync(long userId, long tweetId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(userId);
        long originalId = OwnerOf(tweetId)?.ReadTweet(tweetId) is { RetweetOfId: not 0 } entry ? entry.RetweetOfId : tweetId;
        return await SubmitWithReceiptAsync(shard, new Unlike { UserId = userId, TweetId = originalId }, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retweets a tweet (a retweet entry stands for its original) and returns the retweet entry, a tweet of the
    /// retweeter's own. Idempotent: retweeting twice returns the same entry.
    /// </summary>
    public async ValueTask<Tweet> RetweetAsync(long userId, long tweetId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(userId);
        long originalId = ResolveOriginal(tweetId);
        var original = ReadLiveTweet(originalId)!;
        long retweetId = await SubmitAsync(shard, new Retweet
        {
            UserId = userId,
            OriginalId = originalId,
            OriginalAuthorId = original.AuthorId,
        }, requestId, cancellationToken).ConfigureAwait(false);
        InsertOwnEntry(userId, retweetId);
        return GetTweet(retweetId) ?? throw ChirpException.NotFound($"Tweet {tweetId} does not exist.");
    }

    /// <summary>Undoes a retweet. Idempotent.</summary>
    public async ValueTask<OutboxReceipt> UndoRetweetAsync(long userId, long tweetId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(userId);
        long originalId = OwnerOf(tweetId)?.ReadTweet(tweetId) is { RetweetOfId: not 0 } entry ? entry.RetweetOfId : tweetId;
        return await SubmitWithReceiptAsync(shard, new UndoRetweet { UserId = userId, OriginalId = originalId }, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Who liked a tweet, most recent first, paged by the like's cursor.</summary>
    public Page<AccountEdge> GetLikers(long tweetId, PageRequest page) => EdgePage(tweetId, EdgeKind.LikersByTime, page);

    /// <summary>Who retweeted a tweet, most recent first, paged by the retweet's cursor.</summary>
    public Page<AccountEdge> GetRetweeters(long tweetId, PageRequest page) => EdgePage(tweetId, EdgeKind.RetweetersByTime, page);

    /// <summary>For each tweet id, whether the user likes it (in the same order).</summary>
    public IReadOnlyList<bool> HasLiked(long userId, IReadOnlyList<long> tweetIds) => HasEdges(userId, EdgeKind.LikedTweet, tweetIds);

    /// <summary>For each tweet id, whether the user has retweeted it (in the same order).</summary>
    public IReadOnlyList<bool> HasRetweeted(long userId, IReadOnlyList<long> tweetIds) => HasEdges(userId, EdgeKind.RetweetedTweet, tweetIds);

    /// <summary>The tweets a user liked, most recently liked first; the cursor is the like's, not the tweet's id.</summary>
    public Page<Tweet> GetLikedTweets(long userId, PageRequest page)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(userId) ?? throw ChirpException.NotFound($"Account {userId} does not exist.");
        return CollectTweets(page, shard, EdgeKind.LikesByTime, userId, edge => edge.Value);
    }

    private long ResolveOriginal(long tweetId)
    {
        var record = ReadLiveTweet(tweetId) ?? throw ChirpException.NotFound($"Tweet {tweetId} does not exist.");
        if (record.RetweetOfId == 0)
        {
            return tweetId;
        }

        return ReadLiveTweet(record.RetweetOfId)?.Id ?? throw ChirpException.NotFound($"Tweet {tweetId} does not exist.");
    }

    private IReadOnlyList<bool> HasEdges(long userId, EdgeKind kind, IReadOnlyList<long> ids)
    {
        using var pass = _gate.Enter();
        ArgumentNullException.ThrowIfNull(ids);
        var shard = OwnerOf(userId);
        var answers = new bool[ids.Count];
        if (shard is null)
        {
            return answers;
        }

        for (int i = 0; i < answers.Length; i++)
        {
            answers[i] = shard.ReadEdge(kind, userId, ids[i]) is not null;
        }

        return answers;
    }

    private Page<AccountEdge> EdgePage(long ownerId, EdgeKind kind, PageRequest page)
    {
        using var pass = _gate.Enter();
        RefuseMinId(page);
        var shard = OwnerOf(ownerId) ?? throw ChirpException.NotFound($"Id {ownerId} does not exist.");
        var edges = shard.ScanDescending(kind, ownerId, page.MaxId, page.SinceId, page.Limit);
        var items = edges.Select(e => new AccountEdge(e.Value, SnowflakeId.TimeOf(e.Other), e.Other)).ToList();
        return new Page<AccountEdge>(items, items.Count == page.Limit ? items[^1].Cursor : null);
    }
}
