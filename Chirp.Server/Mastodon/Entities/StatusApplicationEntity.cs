namespace Chirp.Server.Mastodon;

/// <summary>The app named on a status: name and website only (never the client credentials of <see cref="ApplicationEntity"/>).</summary>
public sealed record StatusApplicationEntity
{
    public required string Name { get; init; }

    public string? Website { get; init; }
}
