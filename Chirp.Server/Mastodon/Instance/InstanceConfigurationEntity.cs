namespace Chirp.Server.Mastodon;

/// <summary>The limits and URLs in V2 instance metadata.</summary>
public sealed record InstanceConfigurationEntity
{
    public required InstanceUrlsEntity Urls { get; init; }

    public required InstanceAccountsConfigurationEntity Accounts { get; init; }

    public required InstanceStatusesConfigurationEntity Statuses { get; init; }

    public required InstanceMediaConfigurationEntity MediaAttachments { get; init; }

    public required InstancePollsConfigurationEntity Polls { get; init; }

    public required InstanceTranslationConfigurationEntity Translation { get; init; }
}
