namespace Chirp.Engine;

/// <summary>
/// The layout of Chirp's 64-bit ids: 41 bits of milliseconds since <see cref="Epoch"/>, 10 bits of shard, 12 bits of
/// sequence. Ids sort by time, and an id tells which shard owns the thing it names.
/// </summary>
public static class SnowflakeId
{
    /// <summary>The instant that id time counts from: 2025-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal const int SequenceBits = 12;
    internal const int ShardBits = 10;
    internal const long MaxSequence = (1L << SequenceBits) - 1;
    internal const long MaxTimestamp = (1L << 41) - 1;
    private const int TimestampShift = SequenceBits + ShardBits;
    private static readonly long EpochUnixMs = Epoch.ToUnixTimeMilliseconds();

    /// <summary>Builds an id from its parts.</summary>
    public static long Compose(long millisecondsSinceEpoch, int shard, long sequence) =>
        (millisecondsSinceEpoch << TimestampShift) | ((long)shard << SequenceBits) | sequence;

    /// <summary>The shard that minted the id.</summary>
    public static int ShardOf(long id) => (int)((id >> SequenceBits) & ((1 << ShardBits) - 1));

    /// <summary>Milliseconds since <see cref="Epoch"/> at which the id was minted.</summary>
    public static long MillisecondsOf(long id) => id >> TimestampShift;

    /// <summary>The sequence number within the millisecond.</summary>
    public static long SequenceOf(long id) => id & MaxSequence;

    /// <summary>The instant the id was minted.</summary>
    public static DateTimeOffset TimeOf(long id) => DateTimeOffset.FromUnixTimeMilliseconds(EpochUnixMs + MillisecondsOf(id));

    /// <summary>The smallest id minted at or after an instant, on any shard: a cursor for "since this time".</summary>
    public static long LowestAt(DateTimeOffset time) => Compose(Math.Max(0, time.ToUnixTimeMilliseconds() - EpochUnixMs), 0, 0);

    internal static long MillisecondsSinceEpoch(DateTimeOffset now) => now.ToUnixTimeMilliseconds() - EpochUnixMs;
}
