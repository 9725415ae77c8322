using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>
/// The follow graph. The follower's side (following list, following count) is written when the call returns; the
/// followee's side follows through the outbox when the two live on different shards.
/// </summary>
public sealed partial class ChirpEngine
{
    /// <summary>
    /// Follows an account. Idempotent. Throws a validation error for a self-follow and not-found for unknown accounts.
    /// Returns the message that carries the follow to the followee's shard (see <see cref="WaitForDeliveryAsync"/>).
    /// </summary>
    public async ValueTask<OutboxReceipt> FollowAsync(long followerId, long followeeId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        if (followerId == followeeId)
        {
            throw ChirpException.Invalid("id", "An account cannot follow itself.");
        }

        var shard = RequireAccountShard(followerId);
        RequireAccountShard(followeeId);
        return await SubmitWithReceiptAsync(shard, new Follow { FollowerId = followerId, FolloweeId = followeeId }, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unfollows an account. Idempotent: unfollowing someone not followed does nothing.</summary>
    public async ValueTask<OutboxReceipt> UnfollowAsync(long followerId, long followeeId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(followerId);
        return await SubmitWithReceiptAsync(shard, new Unfollow { FollowerId = followerId, FolloweeId = followeeId }, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whom a user follows, most recently followed first, paged by a stable cursor (the follow's id).</summary>
    public Page<AccountEdge> GetFollowing(long userId, PageRequest page) => EdgePage(userId, EdgeKind.FollowingByTime, page);

    /// <summary>Who follows a user, most recent first, paged by a stable cursor (the follow's id).</summary>
    public Page<AccountEdge> GetFollowers(long userId, PageRequest page) => EdgePage(userId, EdgeKind.FollowersByTime, page);

    /// <summary>For each target, whether <paramref name="followerId"/> follows it (in the same order).</summary>
    public IReadOnlyList<bool> IsFollowing(long followerId, IReadOnlyList<long> targetIds) => HasEdges(followerId, EdgeKind.FollowingIndex, targetIds);

    /// <summary>
    /// Accounts that follow <paramref name="userId"/> and that it follows back, in ascending id order, after
    /// <paramref name="afterUserId"/>; the page's cursor is the last user id.
    /// </summary>
    public Page<long> GetMutualFollows(long userId, long? afterUserId = null, int limit = PageRequest.DefaultLimit) =>
        Intersect(userId, EdgeKind.FollowingIndex, userId, EdgeKind.FollowerIndex, afterUserId, limit);

    /// <summary>Accounts both <paramref name="userA"/> and <paramref name="userB"/> follow, ascending by id.</summary>
    public Page<long> GetCommonFollowing(long userA, long userB, long? afterUserId = null, int limit = PageRequest.DefaultLimit) =>
        Intersect(userA, EdgeKind.FollowingIndex, userB, EdgeKind.FollowingIndex, afterUserId, limit);

    /// <summary>Accounts that follow both <paramref name="userA"/> and <paramref name="userB"/>, ascending by id.</summary>
    public Page<long> GetCommonFollowers(long userA, long userB, long? afterUserId = null, int limit = PageRequest.DefaultLimit) =>
        Intersect(userA, EdgeKind.FollowerIndex, userB, EdgeKind.FollowerIndex, afterUserId, limit);

    /// <summary>Merge-intersects two id-sorted adjacency lists, possibly on two shards.</summary>
    private Page<long> Intersect(long ownerA, EdgeKind kindA, long ownerB, EdgeKind kindB, long? afterUserId, int limit)
    {
        using var pass = _gate.Enter();
        if (limit is < 1 or > PageRequest.MaxLimit)
        {
            throw ChirpException.Invalid("limit", $"The page limit must be between 1 and {PageRequest.MaxLimit}.");
        }

        var shardA = OwnerOf(ownerA) ?? throw ChirpException.NotFound($"Account {ownerA} does not exist.");
        var shardB = OwnerOf(ownerB) ?? throw ChirpException.NotFound($"Account {ownerB} does not exist.");
        var found = new List<long>(limit);
        using var a = shardA.EnumerateAscending(kindA, ownerA, afterUserId).GetEnumerator();
        using var b = shardB.EnumerateAscending(kindB, ownerB, afterUserId).GetEnumerator();
        bool hasA = a.MoveNext();
        bool hasB = b.MoveNext();
        while (hasA && hasB && found.Count < limit)
        {
            if (a.Current == b.Current)
            {
                found.Add(a.Current);
                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
            else if (a.Current < b.Current)
            {
                hasA = a.MoveNext();
            }
            else
            {
                hasB = b.MoveNext();
            }
        }

        return new Page<long>(found, found.Count == limit ? found[^1] : null);
    }
}
