namespace Chirp.Bench.Support;

/// <summary>Counts failed requests from many loops at once and keeps the first one's description for the report.</summary>
public sealed class ErrorCount
{
    private long _count;
    private string? _first;

    public long Count => Interlocked.Read(ref _count);

    public string? First => Volatile.Read(ref _first);

    public void Add(string description)
    {
        Interlocked.Increment(ref _count);
        Interlocked.CompareExchange(ref _first, description, null);
    }
}
