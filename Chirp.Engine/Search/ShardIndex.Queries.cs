using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Chirp.Engine.Search;

/// <summary>Searching one shard's index. Any thread.</summary>
internal sealed partial class ShardIndex
{
    private static readonly Sort ByRelevance = new(SortField.FIELD_SCORE, new SortField(SearchFields.Order, SortFieldType.INT64, true));
    private static readonly Sort ClosestUsers = new(new SortField(SearchFields.UsernameLength, SortFieldType.INT32), new SortField(SearchFields.Order, SortFieldType.INT64));

    /// <summary>Up to <paramref name="count"/> hits after the cursor, in the order of the sort.</summary>
    public void Search(Query query, SearchSort sort, SearchCursor? after, int count, List<SearchHit> hits)
    {
        var searcher = _searchers.Acquire();
        try
        {
            if (sort == SearchSort.Recent)
            {
                SearchNewest(searcher, query, after?.Id, count, hits);
                return;
            }

            TopDocs top = after is { } cursor
                ? searcher.SearchAfter(AfterDoc(cursor), query, null, count, ByRelevance, true, false)
                : searcher.Search(query, null, count, ByRelevance, true, false);
            foreach (var scoreDoc in top.ScoreDocs)
            {
                var fields = ((FieldDoc)scoreDoc).Fields;
                hits.Add(new SearchHit((J2N.Numerics.Int64)fields[1], (J2N.Numerics.Single)fields[0]));
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// The newest hits: segments are visited from the one with the newest tweet down, and the search stops at the
    /// first segment whose newest tweet is older than every hit kept. Segments are merged only with their neighbours
    /// (<see cref="LogByteSizeMergePolicy"/>), so they cover nearly disjoint id ranges and a query for a common word
    /// reads only the few newest segments instead of every match in the index. Each segment gets its own weight, so
    /// the terms are looked up only in the segments visited (a lookup in every segment was most of a query's cost).
    /// </summary>
    private static void SearchNewest(IndexSearcher searcher, Query query, long? belowId, int count, List<SearchHit> hits)
    {
        var leaves = searcher.IndexReader.Leaves;
        var order = new (AtomicReaderContext Leaf, SegmentIdRange Range)[leaves.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = (leaves[i], SegmentIdRange.Of(leaves[i]));
        }

        Array.Sort(order, (a, b) => b.Range.Max.CompareTo(a.Range.Max));
        var collector = new NewestHitsCollector(count, belowId);
        foreach (var (leaf, range) in order)
        {
            if (range.IsEmpty || range.Min >= belowId)
            {
                continue;
            }

            if (collector.IsFull && range.Max <= collector.Lowest)
            {
                break;
            }

            var segment = leaf.AtomicReader.AtomicContext;
            var weight = new IndexSearcher(segment) { Similarity = TweetSimilarity.Instance }.CreateNormalizedWeight(query);
            collector.SetNextReader(segment);
            weight.GetBulkScorer(segment, false, segment.AtomicReader.LiveDocs)?.Score(collector);
        }

        collector.CopyNewestFirst(hits);
    }

    /// <summary>
    /// The cursor as Lucene's "after" entry. Its document number is the largest, so that hits equal to it in every
    /// sort field (only the cursor's own tweet) are skipped too.
    /// </summary>
    private static FieldDoc AfterDoc(SearchCursor cursor) =>
        new(int.MaxValue, cursor.Score, [J2N.Numerics.Single.GetInstance(cursor.Score), J2N.Numerics.Int64.GetInstance(cursor.Id)]);

    /// <summary>Adds the tweet counts of the hashtags starting with <paramref name="prefix"/>, looking at most at <paramref name="maxTerms"/>.</summary>
    public void CountHashtags(string prefix, int maxTerms, Dictionary<string, long> counts)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var terms = MultiFields.GetTerms(searcher.IndexReader, SearchFields.Hashtag);
            if (terms is null)
            {
                return;
            }

            var start = new BytesRef(prefix);
            var iterator = terms.GetEnumerator();
            if (iterator.SeekCeil(start) == TermsEnum.SeekStatus.END)
            {
                return;
            }

            int seen = 0;
            do
            {
                if (!StringHelper.StartsWith(iterator.Term, start))
                {
                    break;
                }

                string name = iterator.Term.Utf8ToString();
                counts[name] = counts.GetValueOrDefault(name) + iterator.DocFreq;
            }
            while (++seen < maxTerms && iterator.MoveNext());
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Users whose username is or starts with the prefix, or whose display name has words starting with the given ones.</summary>
    public void SearchUsers(string? usernamePrefix, IReadOnlyList<string> nameWords, int count, List<UserHit> hits)
    {
        var searcher = _searchers.Acquire();
        try
        {
            if (usernamePrefix is not null)
            {
                var exact = new Term(SearchFields.Username, usernamePrefix);
                Collect(searcher, new TermQuery(exact), 0, count, hits);
                var prefix = new BooleanQuery
                {
                    { new PrefixQuery(exact), Occur.MUST },
                    { new TermQuery(exact), Occur.MUST_NOT },
                };
                Collect(searcher, prefix, 1, count, hits);
            }

            if (nameWords.Count > 0)
            {
                var byName = new BooleanQuery();
                foreach (string word in nameWords)
                {
                    byName.Add(new PrefixQuery(new Term(SearchFields.DisplayName, word)), Occur.MUST);
                }

                Collect(searcher, byName, 2, count, hits);
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static void Collect(IndexSearcher searcher, Query query, int closeness, int count, List<UserHit> hits)
    {
        var top = searcher.Search(query, null, count, ClosestUsers, false, false);
        foreach (var scoreDoc in top.ScoreDocs)
        {
            var fields = ((FieldDoc)scoreDoc).Fields;
            hits.Add(new UserHit(closeness, (J2N.Numerics.Int32)fields[0], (J2N.Numerics.Int64)fields[1]));
        }
    }
}
