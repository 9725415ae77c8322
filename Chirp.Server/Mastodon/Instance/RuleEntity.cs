namespace Chirp.Server.Mastodon;

/// <summary>A server rule shown at sign-up.</summary>
public sealed record RuleEntity
{
    public required string Id { get; init; }

    public required string Text { get; init; }

    public string Hint { get; init; } = "";
}
