using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The two halves every relation (like, retweet, follow) is made of. The outgoing half lives on the actor's shard and
/// is written first; the incoming half lives on the target's shard and arrives as a message. Each half is an index
/// edge [owner][other] → edge id plus a by-time edge [owner][edge id] → other, and optionally a counter.
/// </summary>
internal sealed partial class Shard
{
    /// <summary>Adds the actor's half unless present; returns the edge id in place and whether this call added it.</summary>
    private static (long EdgeId, bool Added) AddOutgoing(ApplyContext context, ShardCommand c, long owner, long other, long edgeId, EdgeKind index, EdgeKind byTime, int? counterSlot)
    {
        long? existing = context.ReadEdge(index, owner, other);
        if (existing is not null)
        {
            return (existing.Value, false);
        }

        context.PutEdge(index, owner, other, edgeId);
        context.PutEdge(byTime, owner, edgeId, other);
        if (counterSlot is { } slot)
        {
            context.AddToCounter(owner, slot, 1);
        }

        context.NoteId(edgeId);
        context.Changed(c);
        return (edgeId, true);
    }

    /// <summary>Removes the actor's half if present; returns the edge id it had.</summary>
    private static long? RemoveOutgoing(ApplyContext context, ShardCommand c, long owner, long other, EdgeKind index, EdgeKind byTime, int? counterSlot)
    {
        long? edge = context.ReadEdge(index, owner, other);
        if (edge is null)
        {
            return null;
        }

        context.DeleteEdge(index, owner, other);
        context.DeleteEdge(byTime, owner, edge.Value);
        if (counterSlot is { } slot)
        {
            context.AddToCounter(owner, slot, -1);
        }

        context.Changed(c);
        return edge;
    }

    /// <summary>Adds the target's half. A redelivery is a no-op; a newer edge of the same pair replaces the older one.</summary>
    private static ApplyResult AddIncoming(ApplyContext context, ShardCommand c, long owner, long other, long edgeId, EdgeKind index, EdgeKind byTime, int slot)
    {
        long? existing = context.ReadEdge(index, owner, other);
        if (existing == edgeId)
        {
            return ApplyResult.Ok(edgeId);
        }

        if (existing is not null)
        {
            context.DeleteEdge(byTime, owner, existing.Value);
        }
        else
        {
            context.AddToCounter(owner, slot, 1);
        }

        context.PutEdge(index, owner, other, edgeId);
        context.PutEdge(byTime, owner, edgeId, other);
        context.Changed(c);
        return ApplyResult.Ok(edgeId);
    }

    /// <summary>Removes the target's half, but only the edge the message names, so a stale removal cannot remove a newer edge.</summary>
    private static ApplyResult RemoveIncoming(ApplyContext context, ShardCommand c, long owner, long other, long edgeId, EdgeKind index, EdgeKind byTime, int slot)
    {
        if (context.ReadEdge(index, owner, other) != edgeId)
        {
            return ApplyResult.Ok();
        }

        context.DeleteEdge(index, owner, other);
        context.DeleteEdge(byTime, owner, edgeId);
        context.AddToCounter(owner, slot, -1);
        context.Changed(c);
        return ApplyResult.Ok(edgeId);
    }
}
