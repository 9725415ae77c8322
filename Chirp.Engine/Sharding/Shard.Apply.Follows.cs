using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The follow graph as FlockDB-style adjacency lists: the following side on the follower's shard (applied first), the
/// followers side on the followee's shard (a message). Each side has a list by time and an index by user id.
/// </summary>
internal sealed partial class Shard
{
    private ApplyResult ApplyFollow(Follow c, ApplyContext context)
    {
        if (c.FollowerId == c.FolloweeId)
        {
            return ApplyResult.Invalid("id", "An account cannot follow itself.");
        }

        if (!context.Exists(Store.Users, Keys.Id(c.FollowerId)))
        {
            return ApplyResult.NotFound($"Account {c.FollowerId} does not exist.");
        }

        var (edgeId, added) = AddOutgoing(context, c, c.FollowerId, c.FolloweeId, c.EdgeId, EdgeKind.FollowingIndex, EdgeKind.FollowingByTime, CounterSlot.Following);
        if (added)
        {
            context.Send(_router.ShardOfId(c.FolloweeId), new AddFollower { FolloweeId = c.FolloweeId, FollowerId = c.FollowerId, EdgeId = edgeId });
        }

        return ApplyResult.Ok(edgeId);
    }

    private ApplyResult ApplyUnfollow(Unfollow c, ApplyContext context)
    {
        long? edge = RemoveOutgoing(context, c, c.FollowerId, c.FolloweeId, EdgeKind.FollowingIndex, EdgeKind.FollowingByTime, CounterSlot.Following);
        if (edge is null)
        {
            return ApplyResult.Ok();
        }

        context.Send(_router.ShardOfId(c.FolloweeId), new RemoveFollower { FolloweeId = c.FolloweeId, FollowerId = c.FollowerId, EdgeId = edge.Value });
        return ApplyResult.Ok(edge.Value);
    }

    private ApplyResult ApplyAddFollower(AddFollower c, ApplyContext context) =>
        context.Exists(Store.Users, Keys.Id(c.FolloweeId))
            ? AddIncoming(context, c, c.FolloweeId, c.FollowerId, c.EdgeId, EdgeKind.FollowerIndex, EdgeKind.FollowersByTime, CounterSlot.Followers)
            : ApplyResult.NotFound($"Account {c.FolloweeId} does not exist.");

    private ApplyResult ApplyRemoveFollower(RemoveFollower c, ApplyContext context) =>
        RemoveIncoming(context, c, c.FolloweeId, c.FollowerId, c.EdgeId, EdgeKind.FollowerIndex, EdgeKind.FollowersByTime, CounterSlot.Followers);
}
