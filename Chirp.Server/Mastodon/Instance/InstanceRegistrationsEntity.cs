namespace Chirp.Server.Mastodon;

/// <summary>Sign-up rules in V2 instance metadata.</summary>
public sealed record InstanceRegistrationsEntity
{
    public required bool Enabled { get; init; }

    public bool ApprovalRequired { get; init; }

    /// <summary>Shown when sign-up is closed.</summary>
    public string? Message { get; init; }
}
