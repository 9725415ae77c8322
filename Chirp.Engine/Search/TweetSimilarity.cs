using Lucene.Net.Search.Similarities;

namespace Chirp.Engine.Search;

/// <summary>
/// Relevance that depends only on the query and the tweet: term frequency and text length, without the collection
/// statistics (idf) that change with every tweet indexed. A tweet's score is therefore fixed, so a relevance cursor
/// (score, id) names one place in one order and paging neither skips nor repeats while indexing goes on; and scores
/// from different shards compare. With every word required, idf would hardly reorder the hits anyway.
/// </summary>
internal sealed class TweetSimilarity : DefaultSimilarity
{
    public static readonly TweetSimilarity Instance = new();

    public override float Idf(long docFreq, long numDocs) => 1f;

    public override float Coord(int overlap, int maxOverlap) => 1f;

    public override float QueryNorm(float sumOfSquaredWeights) => 1f;
}
