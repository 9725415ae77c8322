namespace Chirp.Server.Mastodon;

/// <summary>A custom emoji. Chirp has none (<c>emojis</c> are always empty), but the list needs an element type.</summary>
public sealed record CustomEmojiEntity
{
    public required string Shortcode { get; init; }

    public required string Url { get; init; }

    public required string StaticUrl { get; init; }

    public bool VisibleInPicker { get; init; }

    public string? Category { get; init; }
}
