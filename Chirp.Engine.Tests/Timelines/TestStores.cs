using Chirp.Engine.Timelines;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>Stores sized for tests: small pages and index, so hundreds of property runs stay cheap.</summary>
internal static class TestStores
{
    public static TimelineStore Small(int capacity) =>
        new(capacity, new TimelineStoreSettings { MemorySizeBits = 22, PageSizeBits = 16, IndexBuckets = 1L << 10 });

    /// <summary>A memory budget of eight 4 KiB pages, so records are evicted to the spill file and reads go pending.</summary>
    public static TimelineStore Spilling(int capacity) =>
        new(capacity, new TimelineStoreSettings { MemorySizeBits = 15, PageSizeBits = 12, IndexBuckets = 1L << 10 });

    public static TimelineEntry[] All(TimelineStore store, long userId)
    {
        var buffer = new TimelineEntry[store.Capacity];
        int n = store.ReadPage(userId, null, null, null, buffer.Length, buffer);
        return buffer[..n];
    }
}
