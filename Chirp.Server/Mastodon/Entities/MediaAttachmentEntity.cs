namespace Chirp.Server.Mastodon;

/// <summary>An uploaded file attached (or about to be attached) to a status.</summary>
public sealed record MediaAttachmentEntity
{
    public required string Id { get; init; }

    public required MediaType Type { get; init; }

    /// <summary>Never null: clients show it directly.</summary>
    public required string Url { get; init; }

    public required string? PreviewUrl { get; init; }

    /// <summary>Always null: every file is stored here.</summary>
    public string? RemoteUrl { get; init; }

    public required MediaMetaEntity? Meta { get; init; }

    /// <summary>The alt text.</summary>
    public required string? Description { get; init; }

    public required string? Blurhash { get; init; }
}
