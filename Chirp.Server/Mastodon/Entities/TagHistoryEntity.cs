namespace Chirp.Server.Mastodon;

/// <summary>One day of a hashtag's use. Mastodon writes all three as strings of digits.</summary>
public sealed record TagHistoryEntity
{
    /// <summary>The day, as UNIX seconds of its midnight UTC.</summary>
    public required string Day { get; init; }

    public required string Uses { get; init; }

    public required string Accounts { get; init; }
}
