using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>
/// What a shard and its change-feed consumers need from the rest of the engine: which shard owns an id, delivery of
/// outbox messages to another shard (paused while a checkpoint is taken), and the author of a tweet for the search index. Nothing else: a shard never reads
/// or changes the engine's other state.
/// </summary>
internal interface IShardRouter
{
    /// <summary>The shard that owns an id (a user's, a tweet's).</summary>
    int ShardOfId(long id);

    /// <summary>Applies a batch of outbox messages on their target shard, in one write batch.</summary>
    Task<ApplyResult[]> DeliverAsync(int targetShard, IReadOnlyList<ShardCommand> commands);

    /// <summary>A user's record, from whichever shard owns it (null if unknown).</summary>
    UserRecord? ReadUser(long userId);

    /// <summary>Held by a checkpoint of every shard, so that no message moves between shards while it is taken.</summary>
    OutboxDeliveryBarrier OutboxDelivery { get; }
}
