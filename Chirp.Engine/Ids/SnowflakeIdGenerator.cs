namespace Chirp.Engine;

/// <summary>
/// Mints ids for one shard. Ids never repeat and only grow, even if the wall clock steps back: the generator keeps the
/// last millisecond it used and borrows from the future when the clock is behind or a millisecond's sequence is spent.
/// </summary>
internal sealed class SnowflakeIdGenerator
{
    private readonly int _shard;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private long _lastMs;
    private long _sequence;

    public SnowflakeIdGenerator(int shard, TimeProvider clock, long floorId)
    {
        _shard = shard;
        _clock = clock;
        _lastMs = SnowflakeId.MillisecondsOf(floorId);
        _sequence = SnowflakeId.SequenceOf(floorId);
    }

    /// <summary>Makes every later id greater than <paramref name="floorId"/> (an id minted elsewhere, now stored here).</summary>
    public void RaiseFloor(long floorId)
    {
        long floorMs = SnowflakeId.MillisecondsOf(floorId);
        long floorSequence = SnowflakeId.SequenceOf(floorId);
        lock (_lock)
        {
            if (floorMs > _lastMs || (floorMs == _lastMs && floorSequence > _sequence))
            {
                _lastMs = floorMs;
                _sequence = floorSequence;
            }
        }
    }

    public long Next()
    {
        long now = SnowflakeId.MillisecondsSinceEpoch(_clock.GetUtcNow());
        lock (_lock)
        {
            if (now > _lastMs)
            {
                _lastMs = now;
                _sequence = 0;
            }
            else if (++_sequence > SnowflakeId.MaxSequence)
            {
                _lastMs++;
                _sequence = 0;
            }

            return SnowflakeId.Compose(_lastMs, _shard, _sequence);
        }
    }
}
