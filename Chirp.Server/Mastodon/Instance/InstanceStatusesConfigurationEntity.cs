namespace Chirp.Server.Mastodon;

/// <summary>Status limits, which clients enforce in their composer.</summary>
public sealed record InstanceStatusesConfigurationEntity
{
    /// <summary>Counted in code points, as the engine counts.</summary>
    public required int MaxCharacters { get; init; }

    public required int MaxMediaAttachments { get; init; }

    /// <summary>
    /// How many characters clients count per URL. Clients assume a fixed count (Mastodon's is 23) while the engine
    /// counts a URL's real code points, so no value is exact: a status with a long URL can pass a client's count and
    /// still be refused with 422.
    /// </summary>
    public required int CharactersReservedPerUrl { get; init; }
}
