using System.Collections.Concurrent;

namespace Chirp.Bench.Workload;

/// <summary>
/// The ids a system made for the workload's post and retweet numbers, filled from many tasks at once: number → id for
/// every number, and id → number for the numbers added with <c>reverse</c> (the posts, which the cross-checks map back).
/// </summary>
/// <remarks>
/// Numbers are dense (1, 2, 3 …) but arrive out of order, so number → id is an array of fixed-size chunks: a look-up
/// takes no lock, and only the first number of a chunk takes the lock to make the chunk (and, past the end, to publish a
/// longer array of chunks; the chunks themselves never move). Id → number is a concurrent dictionary.
/// </remarks>
public sealed class WorkloadIdMap
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly Lock _grow = new();
    private readonly ConcurrentDictionary<long, long> _numberOfId = new();
    private long[][] _chunks = [];

    /// <summary>Numbers added with <c>reverse</c>.</summary>
    public int ReverseCount => _numberOfId.Count;

    /// <summary>Records that <paramref name="number"/> is <paramref name="id"/>, and the way back if <paramref name="reverse"/>.</summary>
    /// <exception cref="InvalidOperationException">The id was already recorded for another number.</exception>
    public void Add(long number, long id, bool reverse)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        long[] chunk = ChunkFor(number);
        Volatile.Write(ref chunk[number & ChunkMask], id);
        if (reverse && _numberOfId.GetOrAdd(id, number) != number)
        {
            throw new InvalidOperationException($"Id {id} was returned for number {number} and for number {_numberOfId[id]}.");
        }
    }

    /// <summary>The id recorded for <paramref name="number"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was recorded for the number.</exception>
    public long IdOf(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        long[][] chunks = Volatile.Read(ref _chunks);
        long index = number >> ChunkBits;
        long[]? chunk = index < chunks.Length ? Volatile.Read(ref chunks[index]) : null;
        long id = chunk is null ? 0 : Volatile.Read(ref chunk[number & ChunkMask]);
        return id != 0 ? id : throw new InvalidOperationException($"Number {number} has no id: it was never created, or its creation has not returned yet.");
    }

    /// <summary>The number recorded (with <c>reverse</c>) for <paramref name="id"/>.</summary>
    public bool TryGetNumber(long id, out long number) => _numberOfId.TryGetValue(id, out number);

    private long[] ChunkFor(long number)
    {
        long index = number >> ChunkBits;
        long[][] chunks = Volatile.Read(ref _chunks);
        if (index < chunks.Length && Volatile.Read(ref chunks[index]) is { } found)
        {
            return found;
        }

        // Chunks are made and arrays of chunks replaced only under the lock, so a copy never misses a chunk.
        lock (_grow)
        {
            chunks = _chunks;
            if (index >= chunks.Length)
            {
                // The array of chunks grows by half again at least, so n numbers publish O(log n) arrays.
                var grown = new long[Math.Max(index + 1, chunks.Length + (chunks.Length / 2) + 1)][];
                Array.Copy(chunks, grown, chunks.Length);
                Volatile.Write(ref _chunks, grown);
                chunks = grown;
            }

            long[]? chunk = chunks[index];
            if (chunk is null)
            {
                chunk = new long[ChunkSize];
                Volatile.Write(ref chunks[index], chunk);
            }

            return chunk;
        }
    }
}
