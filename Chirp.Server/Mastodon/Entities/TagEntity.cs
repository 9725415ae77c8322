namespace Chirp.Server.Mastodon;

/// <summary>A hashtag, in a status's <c>tags</c> and in search results.</summary>
public sealed record TagEntity
{
    /// <summary>Lower-cased, without '#'.</summary>
    public required string Name { get; init; }

    public required string Url { get; init; }

    /// <summary>Daily use; empty because the engine counts uses in total, not per day.</summary>
    public IReadOnlyList<TagHistoryEntity> History { get; init; } = [];
}
