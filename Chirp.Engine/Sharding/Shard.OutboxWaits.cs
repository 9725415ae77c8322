using Chirp.Engine.Feed;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>What a wait for the delivery of outbox messages needs: a signal that delivery moved, and the checks.</summary>
internal sealed partial class Shard
{
    /// <summary>
    /// Counts the deliverer's writes that removed messages from the outbox (only the deliverer advances it). A waiter
    /// reads it before its check, then awaits the next count: a delivery that ends after the check wakes it.
    /// </summary>
    public PositionWatch OutboxDeliveries { get; } = new();

    /// <summary>True when none of the messages <paramref name="from"/> to <paramref name="through"/> is still in the outbox.</summary>
    public bool IsOutboxRangeDelivered(long from, long through)
    {
        if (from > through)
        {
            return true;
        }

        // Nothing below the deliverer's start is undelivered; seeking past it skips the tombstones of the delivered head.
        using var iterator = Store.Db.NewIterator(Store.Outbox, _readOptions);
        iterator.Seek(Keys.Id(Math.Max(from, Interlocked.Read(ref _outboxReadFrom))));
        return !iterator.Valid() || Keys.ReadId(iterator.GetKeySpan()) > through;
    }
}
