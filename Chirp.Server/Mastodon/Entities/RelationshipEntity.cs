namespace Chirp.Server.Mastodon;

/// <summary>How the reader relates to an account. Chirp has follows only; the rest is always false (or empty).</summary>
public sealed record RelationshipEntity
{
    public required string Id { get; init; }

    public bool Following { get; init; }

    public bool ShowingReblogs { get; init; }

    public bool Notifying { get; init; }

    public bool FollowedBy { get; init; }

    public bool Blocking { get; init; }

    public bool BlockedBy { get; init; }

    public bool Muting { get; init; }

    public bool MutingNotifications { get; init; }

    public bool Requested { get; init; }

    public bool RequestedBy { get; init; }

    public bool DomainBlocking { get; init; }

    public bool Endorsed { get; init; }

    /// <summary>The reader's private note on the account.</summary>
    public string Note { get; init; } = "";

    /// <summary>The languages the reader sees from a followed account; null means all.</summary>
    public IReadOnlyList<string>? Languages { get; init; }
}
