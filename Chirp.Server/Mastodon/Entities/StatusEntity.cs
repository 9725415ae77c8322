namespace Chirp.Server.Mastodon;

/// <summary>
/// A Mastodon Status. A retweet is a wrapper status (the retweeter's entry) whose <see cref="Reblog"/> holds the
/// original; the reader's flags (<see cref="Favourited"/>, <see cref="Reblogged"/>) are set on the original.
/// </summary>
public sealed record StatusEntity
{
    public required string Id { get; init; }

    public required string Uri { get; init; }

    public required string? Url { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset? EditedAt { get; init; }

    public required AccountEntity Account { get; init; }

    /// <summary>HTML: the escaped text with hashtags, mentions and URLs linked.</summary>
    public required string Content { get; init; }

    public StatusVisibility Visibility { get; init; } = StatusVisibility.Public;

    public bool Sensitive { get; init; }

    public string SpoilerText { get; init; } = "";

    public IReadOnlyList<MediaAttachmentEntity> MediaAttachments { get; init; } = [];

    public IReadOnlyList<MentionEntity> Mentions { get; init; } = [];

    public IReadOnlyList<TagEntity> Tags { get; init; } = [];

    public IReadOnlyList<CustomEmojiEntity> Emojis { get; init; } = [];

    public long ReblogsCount { get; init; }

    public long FavouritesCount { get; init; }

    public long RepliesCount { get; init; }

    public string? InReplyToId { get; init; }

    public string? InReplyToAccountId { get; init; }

    public StatusEntity? Reblog { get; init; }

    public bool Favourited { get; init; }

    public bool Reblogged { get; init; }

    public bool Bookmarked { get; init; }

    public bool Muted { get; init; }

    public bool Pinned { get; init; }

    /// <summary>The app that posted it; Chirp does not record one, so null.</summary>
    public StatusApplicationEntity? Application { get; init; }

    /// <summary>Always null: Chirp has no polls. Typed object so that the key is written as null.</summary>
    public object? Poll { get; init; }

    /// <summary>Always null: Chirp fetches no link previews.</summary>
    public object? Card { get; init; }

    public string? Language { get; init; }

    /// <summary>
    /// The plain text as written, set only in the response to DELETE (so the client can redraft it); null elsewhere.
    /// Mastodon leaves the key out elsewhere; Chirp writes null, which its docs allow ("String or null") and which
    /// keeps one status shape everywhere.
    /// </summary>
    public string? Text { get; init; }
}
