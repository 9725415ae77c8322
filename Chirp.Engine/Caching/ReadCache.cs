using System.Collections.Concurrent;

namespace Chirp.Engine.Caching;

/// <summary>
/// A bounded cache of committed records by id, in front of RocksDB point reads, for the hot read paths (timeline
/// hydration). Two generations approximate LRU: entries go into the young one, a hit in the old one moves the entry
/// back, and when the young generation is full it becomes the old one (the old one is dropped).
/// </summary>
/// <remarks>
/// Coherence with writes: the shard's writer invalidates every id it wrote, after the batch commits and before the
/// writes are acknowledged. An invalidation is a seqlock on the id's stripe: the version goes odd, the id is removed,
/// the version goes even. A reader stamps the stripe before it reads the database (or the old generation); it does
/// not fill while an invalidation is in progress, and after filling it checks the stripe and removes the fill if an
/// invalidation came in between. So a value read before a commit never outlives the invalidation of that commit.
/// </remarks>
internal sealed class ReadCache<T>
    where T : class
{
    private const int StripeCount = 4096;

    private readonly long[] _stripes = new long[StripeCount];
    private readonly int _generationSize;
    private ConcurrentDictionary<long, T> _young;
    private ConcurrentDictionary<long, T> _old;
    private int _youngCount;
    private long _hits;
    private long _misses;

    /// <param name="capacity">Entries held at most (about); 0 disables the cache.</param>
    public ReadCache(int capacity)
    {
        _generationSize = capacity / 2;
        _young = NewGeneration();
        _old = NewGeneration();
    }

    public bool Enabled => _generationSize > 0;

    /// <summary>Lookups answered from the cache since it was made.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups the cache could not answer (the caller read the database).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public bool TryGet(long id, out T value)
    {
        if (_young.TryGetValue(id, out value!))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        long stamp = Stamp(id);
        if (_old.TryGetValue(id, out value!))
        {
            Fill(id, value, stamp);
            Interlocked.Increment(ref _hits);
            return true;
        }

        Interlocked.Increment(ref _misses);
        return false;
    }

    /// <summary>Taken before reading the record from the database; passed to <see cref="Fill"/>.</summary>
    public long Stamp(long id) => Volatile.Read(ref _stripes[StripeOf(id)]);

    public void Fill(long id, T value, long stamp)
    {
        if (!Enabled || (stamp & 1) != 0)
        {
            return;
        }

        Add(id, value);
        if (Volatile.Read(ref _stripes[StripeOf(id)]) != stamp)
        {
            Remove(id);
        }
    }

    public void Invalidate(long id)
    {
        ref long stripe = ref _stripes[StripeOf(id)];
        Interlocked.Increment(ref stripe);
        Remove(id);
        Interlocked.Increment(ref stripe);
    }

    /// <summary>
    /// Forgets every entry (after the data under the cache was replaced whole). Each stripe moves on by a full
    /// invalidation, so a fill stamped before this is removed again, as with <see cref="Invalidate"/>.
    /// </summary>
    public void Clear()
    {
        lock (_stripes)
        {
            for (int i = 0; i < _stripes.Length; i++)
            {
                Interlocked.Increment(ref _stripes[i]);
            }

            _young = NewGeneration();
            _old = NewGeneration();
            Volatile.Write(ref _youngCount, 0);
            for (int i = 0; i < _stripes.Length; i++)
            {
                Interlocked.Increment(ref _stripes[i]);
            }
        }
    }

    private void Add(long id, T value)
    {
        if (_young.TryAdd(id, value))
        {
            if (Interlocked.Increment(ref _youngCount) >= _generationSize)
            {
                Age();
            }
        }
        else
        {
            _young[id] = value;
        }
    }

    private void Age()
    {
        lock (_stripes)
        {
            if (Volatile.Read(ref _youngCount) < _generationSize)
            {
                return;
            }

            _old = _young;
            _young = NewGeneration();
            Volatile.Write(ref _youngCount, 0);
        }
    }

    // Sized up front: growing a generation rehashes it under every lock, again and again as it fills.
    private ConcurrentDictionary<long, T> NewGeneration() =>
        new(Environment.ProcessorCount, Math.Max(_generationSize, 1) + (_generationSize / 4));

    private void Remove(long id)
    {
        _young.TryRemove(id, out _);
        _old.TryRemove(id, out _);
    }

    private static int StripeOf(long id) => (int)((ulong)id * 0x9E3779B97F4A7C15UL >> 52);
}
