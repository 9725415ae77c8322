namespace Chirp.Engine;

/// <summary>How to run a tweet search: the order, the page and whose reader flags to fill in.</summary>
public sealed record SearchRequest
{
    private readonly int _limit = ChirpEngine.DefaultSearchLimit;

    /// <summary>The order; newest first by default.</summary>
    public SearchSort Sort { get; init; }

    /// <summary>1 to <see cref="ChirpEngine.MaxSearchLimit"/>; default 20.</summary>
    public int Limit
    {
        get => _limit;
        init => _limit = value is >= 1 and <= ChirpEngine.MaxSearchLimit
            ? value
            : throw ChirpException.Invalid("limit", $"A search page holds 1 to {ChirpEngine.MaxSearchLimit} results.");
    }

    /// <summary>
    /// Where to go on from: a previous page's <see cref="SearchPage.NextCursor"/> of the same query and sort. With
    /// <see cref="SearchSort.Recent"/> a tweet id works too (results older than it), as Mastodon's <c>max_id</c>.
    /// </summary>
    public string? Cursor { get; init; }

    /// <summary>The user searching, for <see cref="TimelineItem.LikedByReader"/> and friends; null for nobody.</summary>
    public long? ReaderId { get; init; }
}
