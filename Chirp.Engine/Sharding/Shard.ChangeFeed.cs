using System.Text;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Reading and trimming the change feed. The feed is trimmed from its start: below a floor nothing is kept, and a read
/// that would start below it fails with <see cref="ChirpErrorCode.FeedTrimmed"/> rather than skip entries silently.
/// </summary>
internal sealed partial class Shard
{
    /// <summary>Meta key of the lowest change-feed position still kept (absent: nothing was ever trimmed).</summary>
    internal static readonly byte[] ChangeFloorKey = Encoding.ASCII.GetBytes("change_floor");

    private long _changeFloor;

    /// <summary>The lowest change-feed position still kept (1 while nothing was trimmed); reads start at or after it.</summary>
    public long ChangeFloor => Volatile.Read(ref _changeFloor);

    /// <summary>Up to <paramref name="max"/> change-feed entries after a position, in order.</summary>
    public List<ChangeRecord> ReadChanges(long afterPosition, int max)
    {
        var changes = new List<ChangeRecord>(Math.Min(max, 1024));
        using var iterator = Store.Db.NewIterator(Store.Changes, _readOptions);
        for (iterator.Seek(Keys.Id(afterPosition + 1)); iterator.Valid() && changes.Count < max; iterator.Next())
        {
            changes.Add(Serialization.Deserialize<ChangeRecord>(iterator.Value()));
        }

        // Checked after the read: a trim that ran meanwhile may have removed entries the iterator skipped.
        long floor = ChangeFloor;
        if (afterPosition + 1 < floor)
        {
            throw new ChirpException(
                ChirpErrorCode.FeedTrimmed,
                $"The change feed of shard {Id} is trimmed below position {floor}: read after position {floor - 1} or later, and take what came before from the records.");
        }

        return changes;
    }

    /// <summary>
    /// Removes every change-feed entry below <paramref name="position"/> (clamped to just past the applied position) with
    /// one range delete, written with the new floor in a write of its own, then compacts the trimmed range so that its
    /// bytes leave the disk. The caller decides the position from what the consumers still need. Returns how many
    /// positions were trimmed.
    /// </summary>
    public long TrimChangesBelow(long position)
    {
        long floor = ChangeFloor;
        position = Math.Min(position, AppliedPosition + 1);
        if (position <= floor)
        {
            return 0;
        }

        byte[] start = Keys.Id(0);
        byte[] end = Keys.Id(position);
        using (var batch = new WriteBatch())
        {
            batch.DeleteRange(start, (ulong)start.Length, end, (ulong)end.Length, Store.Changes);
            batch.Put(ChangeFloorKey, Keys.Int64Value(position), Store.Meta);
            Store.Db.Write(batch, _writeOptions);
        }

        Volatile.Write(ref _changeFloor, position);
        Store.Db.CompactRange(start, end, Store.Changes);
        return position - floor;
    }
}
