namespace Chirp.Server.Mastodon;

/// <summary>The plain-text profile and posting defaults an owner edits (<c>source</c> of a credential account).</summary>
public sealed record AccountSourceEntity
{
    public StatusVisibility Privacy { get; init; } = StatusVisibility.Public;

    public bool Sensitive { get; init; }

    /// <summary>The default posting language; Chirp records none.</summary>
    public string? Language { get; init; }

    /// <summary>The bio as written (plain text, not HTML).</summary>
    public required string Note { get; init; }

    public IReadOnlyList<AccountFieldEntity> Fields { get; init; } = [];
}
