using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Chirp.Engine.Search;

/// <summary>
/// Keeps the <c>count</c> highest tweet ids below an optional cursor, reading ids from doc values; scores are not
/// computed. A min-heap holds them, so a hit costs one doc-value read and one comparison unless it makes the cut.
/// </summary>
internal sealed class NewestHitsCollector(int count, long? belowId) : ICollector
{
    private readonly long[] _heap = new long[count];
    private NumericDocValues? _ids;

    public int Count { get; private set; }

    public bool IsFull => Count == _heap.Length;

    /// <summary>The lowest id kept (the first to go); meaningful when <see cref="IsFull"/>.</summary>
    public long Lowest => _heap[0];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context) => _ids = context.AtomicReader.GetNumericDocValues(SearchFields.Order);

    public void Collect(int doc)
    {
        long id = _ids!.Get(doc);
        if (id <= 0 || id >= belowId)
        {
            return;
        }

        if (Count < _heap.Length)
        {
            _heap[Count] = id;
            SiftUp(Count++);
        }
        else if (id > _heap[0])
        {
            _heap[0] = id;
            SiftDown(0);
        }
    }

    /// <summary>The ids kept, highest first.</summary>
    public void CopyNewestFirst(List<SearchHit> hits)
    {
        var ids = _heap.AsSpan(0, Count);
        ids.Sort();
        for (int i = ids.Length - 1; i >= 0; i--)
        {
            hits.Add(new SearchHit(ids[i], 0));
        }
    }

    private void SiftUp(int at)
    {
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (_heap[parent] <= _heap[at])
            {
                return;
            }

            (_heap[parent], _heap[at]) = (_heap[at], _heap[parent]);
            at = parent;
        }
    }

    private void SiftDown(int at)
    {
        while (true)
        {
            int smallest = at;
            int left = (2 * at) + 1;
            if (left < Count && _heap[left] < _heap[smallest])
            {
                smallest = left;
            }

            if (left + 1 < Count && _heap[left + 1] < _heap[smallest])
            {
                smallest = left + 1;
            }

            if (smallest == at)
            {
                return;
            }

            (_heap[smallest], _heap[at]) = (_heap[at], _heap[smallest]);
            at = smallest;
        }
    }
}
