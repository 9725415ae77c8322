namespace Chirp.Engine.Timelines;

/// <summary>Sizes of the FASTER store behind <see cref="TimelineStore"/>; defaults are for a production shard.</summary>
internal sealed record TimelineStoreSettings
{
    /// <summary>
    /// Log memory, as a power of two (default 2^30 = 1 GiB). Pages are allocated as the log grows, so an idle or
    /// test store does not take this much; past it, the oldest pages spill to a temporary file.
    /// </summary>
    public int MemorySizeBits { get; init; } = 30;

    /// <summary>Log page size, as a power of two (default 2^22 = 4 MiB); the smallest step the log grows by.</summary>
    public int PageSizeBits { get; init; } = 22;

    /// <summary>Hash index buckets (64 bytes, 7 keys each before overflow), a power of two; default 2^18 = 16 MiB.</summary>
    public long IndexBuckets { get; init; } = 1L << 18;

    /// <summary>Where the spill file goes; a fresh directory under the system temp path when null.</summary>
    public string? SpillDirectory { get; init; }
}
