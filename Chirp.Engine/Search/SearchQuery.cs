namespace Chirp.Engine.Search;

/// <summary>A parsed tweet query (see <see cref="SearchQueryParser"/>): what every hit must and must not have.</summary>
internal sealed partial class SearchQuery
{
    public List<QueryItem> Items { get; } = [];

    public List<string> FromUsers { get; } = [];

    public List<string> ExcludedFromUsers { get; } = [];

    /// <summary>Inclusive lower bound on creation time, Unix ms.</summary>
    public long? SinceMs { get; set; }

    /// <summary>Exclusive upper bound on creation time, Unix ms.</summary>
    public long? UntilMs { get; set; }

    /// <summary>The kinds of tweet a hit may be; the parser drops retweets unless the query asks for them.</summary>
    public TweetKinds Kinds { get; set; } = TweetKinds.Post | TweetKinds.Reply | TweetKinds.Retweet;

    /// <summary>Whether anything in the query selects tweets (rather than only excluding some).</summary>
    public bool HasPositiveClause =>
        Items.Any(i => !i.Excluded) || FromUsers.Count > 0 || SinceMs is not null || UntilMs is not null || KindsNarrowed;

    /// <summary>Set when a filter: operator chose the kinds.</summary>
    public bool KindsNarrowed { get; set; }
}
