namespace Chirp.Server.Mastodon;

/// <summary>The limits in V1 instance metadata.</summary>
public sealed record InstanceV1ConfigurationEntity
{
    public required InstanceAccountsConfigurationEntity Accounts { get; init; }

    public required InstanceStatusesConfigurationEntity Statuses { get; init; }

    public required InstanceMediaConfigurationEntity MediaAttachments { get; init; }

    public required InstancePollsConfigurationEntity Polls { get; init; }
}
