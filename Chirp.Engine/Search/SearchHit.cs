namespace Chirp.Engine.Search;

/// <summary>One hit of one shard: the id and the score it sorted by (zero for recency).</summary>
internal readonly record struct SearchHit(long Id, float Score)
{
    public SearchCursor Cursor => new(Score, Id);

    /// <summary>Orders hits as a page shows them: by score (for relevance) then id, both descending.</summary>
    public static int Compare(SearchHit a, SearchHit b)
    {
        int byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : b.Id.CompareTo(a.Id);
    }
}
