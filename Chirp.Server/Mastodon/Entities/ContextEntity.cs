namespace Chirp.Server.Mastodon;

/// <summary>The thread around a status: its ancestors (oldest first) and its descendants.</summary>
public sealed record ContextEntity
{
    public required IReadOnlyList<StatusEntity> Ancestors { get; init; }

    public required IReadOnlyList<StatusEntity> Descendants { get; init; }
}
