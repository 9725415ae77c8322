namespace Chirp.Server.Mastodon;

/// <summary>A status's plain text for editing (<c>GET /api/v1/statuses/:id/source</c>).</summary>
public sealed record StatusSourceEntity
{
    public required string Id { get; init; }

    public required string Text { get; init; }

    public string SpoilerText { get; init; } = "";
}
