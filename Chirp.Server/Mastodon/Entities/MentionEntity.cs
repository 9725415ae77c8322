namespace Chirp.Server.Mastodon;

/// <summary>An account mentioned in a status (only accounts that exist).</summary>
public sealed record MentionEntity
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    public required string Url { get; init; }

    public required string Acct { get; init; }
}
