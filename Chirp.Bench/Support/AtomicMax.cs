namespace Chirp.Bench.Support;

/// <summary>A lock-free running maximum shared by concurrent measuring loops.</summary>
public static class AtomicMax
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> if that is larger.</summary>
    public static void Raise(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen)
        {
            long previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
