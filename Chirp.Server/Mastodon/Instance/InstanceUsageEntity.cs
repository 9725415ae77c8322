namespace Chirp.Server.Mastodon;

/// <summary>The <c>usage</c> of V2 instance metadata: <c>{"users": {"active_month": n}}</c>.</summary>
public sealed record InstanceUsageEntity
{
    public required InstanceUsageUsersEntity Users { get; init; }
}
