namespace Chirp.Server.Mastodon;

/// <summary>Whom to contact about the instance.</summary>
public sealed record InstanceContactEntity
{
    public required string Email { get; init; }

    public AccountEntity? Account { get; init; }
}
