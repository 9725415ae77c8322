namespace Chirp.Server.Mastodon;

/// <summary>Poll limits. All 0: Chirp has no polls, and zero options tells composers not to offer one.</summary>
public sealed record InstancePollsConfigurationEntity
{
    public int MaxOptions { get; init; }

    public int MaxCharactersPerOption { get; init; }

    /// <summary>Seconds.</summary>
    public int MinExpiration { get; init; }

    /// <summary>Seconds.</summary>
    public int MaxExpiration { get; init; }
}
