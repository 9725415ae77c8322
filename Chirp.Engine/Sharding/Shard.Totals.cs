using System.Buffers.Binary;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>The shard's totals of accounts and statuses, kept by the apply code in the same batch as what they count.</summary>
internal sealed partial class Shard
{
    /// <summary>The shard's accounts and statuses (<see cref="CounterSlot.Accounts"/>, <see cref="CounterSlot.Statuses"/>).</summary>
    public (long Accounts, long Statuses) ReadTotals()
    {
        Span<long> totals = stackalloc long[CounterSlot.Count];
        ReadCounters(CounterSlot.TotalsId, totals);
        return (totals[CounterSlot.Accounts], totals[CounterSlot.Statuses]);
    }

    /// <summary>
    /// A shard written before the totals were kept has none: they are counted from its accounts, once, as it opens
    /// (before any command applies), and kept up to date from then on.
    /// </summary>
    private void CountTotalsOnce()
    {
        byte[] key = Keys.Id(CounterSlot.TotalsId);
        if (Store.Db.Get(key, Store.Counters, _readOptions) is not null)
        {
            return;
        }

        var value = new byte[CounterSlot.ValueLength];
        long accounts = 0;
        long statuses = 0;
        using (var iterator = Store.Db.NewIterator(Store.Users, _readOptions))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                accounts++;
                byte[]? counters = Store.Db.Get(iterator.Key(), Store.Counters, _readOptions);
                statuses += counters is null ? 0 : BinaryPrimitives.ReadInt64LittleEndian(counters.AsSpan(CounterSlot.Tweets * 8));
            }
        }

        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(CounterSlot.Accounts * 8), accounts);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(CounterSlot.Statuses * 8), statuses);
        Store.Db.Put(key, value, Store.Counters, _writeOptions);
    }
}
