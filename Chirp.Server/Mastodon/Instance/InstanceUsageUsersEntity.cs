namespace Chirp.Server.Mastodon;

/// <summary>User activity in V2 instance metadata.</summary>
public sealed record InstanceUsageUsersEntity
{
    /// <summary>Users active in the last four weeks.</summary>
    public required long ActiveMonth { get; init; }
}
