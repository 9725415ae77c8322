namespace Chirp.Server.Mastodon;

/// <summary>A role badge shown on a profile. Chirp shows none; the type keeps <c>roles</c> typed.</summary>
public sealed record AccountRoleEntity
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Color { get; init; }
}
