namespace Chirp.Server.Mastodon;

/// <summary>One version of a status in its edit history (<c>GET /api/v1/statuses/:id/history</c>), oldest first.</summary>
public sealed record StatusEditEntity
{
    public required string Content { get; init; }

    public string SpoilerText { get; init; } = "";

    public bool Sensitive { get; init; }

    /// <summary>When this version was written.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required AccountEntity Account { get; init; }

    /// <summary>Always null: Chirp has no polls.</summary>
    public object? Poll { get; init; }

    public IReadOnlyList<MediaAttachmentEntity> MediaAttachments { get; init; } = [];

    public IReadOnlyList<CustomEmojiEntity> Emojis { get; init; } = [];
}
