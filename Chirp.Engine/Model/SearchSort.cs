namespace Chirp.Engine;

/// <summary>The order of search results.</summary>
public enum SearchSort
{
    /// <summary>Newest first (the default).</summary>
    Recent,

    /// <summary>Best match first: how often and how densely the query's words occur; newest first among equals.</summary>
    Relevance,
}
