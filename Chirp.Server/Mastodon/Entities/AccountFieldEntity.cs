namespace Chirp.Server.Mastodon;

/// <summary>A profile metadata field. Chirp has none; the type keeps <c>fields</c> typed for when it does.</summary>
public sealed record AccountFieldEntity
{
    public required string Name { get; init; }

    /// <summary>HTML in an account, plain text in a source.</summary>
    public required string Value { get; init; }

    public DateTimeOffset? VerifiedAt { get; init; }
}
