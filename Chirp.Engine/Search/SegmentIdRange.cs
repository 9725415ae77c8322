using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Chirp.Engine.Search;

/// <summary>
/// The lowest and highest tweet id in an index segment, deleted documents included. Segments never change, so the
/// range is computed once per segment (one pass over its ids) and kept as long as the segment is open.
/// </summary>
internal sealed record SegmentIdRange(long Min, long Max)
{
    private static readonly ConditionalWeakTable<object, SegmentIdRange> Known = [];

    public bool IsEmpty => Max < Min;

    public static SegmentIdRange Of(AtomicReaderContext leaf)
    {
        var reader = leaf.AtomicReader;
        return Known.GetValue(reader.CoreCacheKey, _ => Compute(reader));
    }

    private static SegmentIdRange Compute(AtomicReader reader)
    {
        var ids = reader.GetNumericDocValues(SearchFields.Order);
        long min = long.MaxValue;
        long max = long.MinValue;
        if (ids is not null)
        {
            for (int doc = 0; doc < reader.MaxDoc; doc++)
            {
                long id = ids.Get(doc);
                if (id > 0)
                {
                    min = Math.Min(min, id);
                    max = Math.Max(max, id);
                }
            }
        }

        return new SegmentIdRange(min, max);
    }
}
