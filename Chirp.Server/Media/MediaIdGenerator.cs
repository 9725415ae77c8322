using Chirp.Engine;

namespace Chirp.Server.Media;

/// <summary>
/// Mints media ids in Chirp's Snowflake layout (<see cref="SnowflakeId"/>): milliseconds, then a sequence, so ids sort by
/// upload time and <see cref="SnowflakeId.TimeOf"/> reads it back. Like the engine's generators it never goes back: it
/// starts above the highest stored id and keeps counting if the clock steps back. The shard field is 0 for a store of
/// its own, and tells the nodes apart when several share a bucket (each its own number), so two nodes never mint the
/// same id. Not thread-safe: the store calls it under its lock.
/// </summary>
internal sealed class MediaIdGenerator(TimeProvider clock, long floorId, int shard = 0)
{
    private const long MaxSequence = 4095;

    private long _lastMs = SnowflakeId.MillisecondsOf(floorId);
    private long _sequence = SnowflakeId.SequenceOf(floorId);

    public long Next()
    {
        long now = Math.Max(0, (long)(clock.GetUtcNow() - SnowflakeId.Epoch).TotalMilliseconds);
        if (now > _lastMs)
        {
            _lastMs = now;
            _sequence = 0;
        }
        else if (++_sequence > MaxSequence)
        {
            _lastMs++;
            _sequence = 0;
        }

        return SnowflakeId.Compose(_lastMs, shard, _sequence);
    }
}
