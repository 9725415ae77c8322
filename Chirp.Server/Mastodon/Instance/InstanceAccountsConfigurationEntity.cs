namespace Chirp.Server.Mastodon;

/// <summary>Account limits; Chirp has neither featured tags nor pins, so both are 0.</summary>
public sealed record InstanceAccountsConfigurationEntity
{
    public int MaxFeaturedTags { get; init; }

    public int MaxPinnedStatuses { get; init; }
}
