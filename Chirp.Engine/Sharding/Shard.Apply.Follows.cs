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

        long? existing = context.ReadEdge(EdgeKind.FollowingIndex, c.FollowerId, c.FolloweeId);
        if (existing is not null)
        {
            return ApplyResult.Ok(existing.Value);
        }

        context.PutEdge(EdgeKind.FollowingIndex, c.FollowerId, c.FolloweeId, c.EdgeId);
        context.PutEdge(EdgeKind.FollowingByTime, c.FollowerId, c.EdgeId, c.FolloweeId);
        context.AddToCounter(c.FollowerId, CounterSlot.Following, 1);
        context.NoteId(c.EdgeId);
        context.Changed(c);
        context.Send(_engine.ShardOfId(c.FolloweeId), new AddFollower { FolloweeId = c.FolloweeId, FollowerId = c.FollowerId, EdgeId = c.EdgeId });
        return ApplyResult.Ok(c.EdgeId);
    }

    private ApplyResult ApplyUnfollow(Unfollow c, ApplyContext context)
    {
        long? edge = context.ReadEdge(EdgeKind.FollowingIndex, c.FollowerId, c.FolloweeId);
        if (edge is null)
        {
            return ApplyResult.Ok();
        }

        context.DeleteEdge(EdgeKind.FollowingIndex, c.FollowerId, c.FolloweeId);
        context.DeleteEdge(EdgeKind.FollowingByTime, c.FollowerId, edge.Value);
        context.AddToCounter(c.FollowerId, CounterSlot.Following, -1);
        context.Changed(c);
        context.Send(_engine.ShardOfId(c.FolloweeId), new RemoveFollower { FolloweeId = c.FolloweeId, FollowerId = c.FollowerId, EdgeId = edge.Value });
        return ApplyResult.Ok(edge.Value);
    }

    private ApplyResult ApplyAddFollower(AddFollower c, ApplyContext context)
    {
        if (!context.Exists(Store.Users, Keys.Id(c.FolloweeId)))
        {
            return ApplyResult.NotFound($"Account {c.FolloweeId} does not exist.");
        }

        long? existing = context.ReadEdge(EdgeKind.FollowerIndex, c.FolloweeId, c.FollowerId);
        if (existing == c.EdgeId)
        {
            return ApplyResult.Ok(c.EdgeId);
        }

        if (existing is not null)
        {
            context.DeleteEdge(EdgeKind.FollowersByTime, c.FolloweeId, existing.Value);
        }
        else
        {
            context.AddToCounter(c.FolloweeId, CounterSlot.Followers, 1);
        }

        context.PutEdge(EdgeKind.FollowerIndex, c.FolloweeId, c.FollowerId, c.EdgeId);
        context.PutEdge(EdgeKind.FollowersByTime, c.FolloweeId, c.EdgeId, c.FollowerId);
        context.Changed(c);
        return ApplyResult.Ok(c.EdgeId);
    }

    private ApplyResult ApplyRemoveFollower(RemoveFollower c, ApplyContext context)
    {
        if (context.ReadEdge(EdgeKind.FollowerIndex, c.FolloweeId, c.FollowerId) != c.EdgeId)
        {
            return ApplyResult.Ok();
        }

        context.DeleteEdge(EdgeKind.FollowerIndex, c.FolloweeId, c.FollowerId);
        context.DeleteEdge(EdgeKind.FollowersByTime, c.FolloweeId, c.EdgeId);
        context.AddToCounter(c.FolloweeId, CounterSlot.Followers, -1);
        context.Changed(c);
        return ApplyResult.Ok(c.EdgeId);
    }
}
