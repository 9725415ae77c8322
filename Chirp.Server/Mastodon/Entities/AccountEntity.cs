namespace Chirp.Server.Mastodon;

/// <summary>A Mastodon Account. Not sealed: <see cref="CredentialAccountEntity"/> adds <c>source</c> for the account's owner.</summary>
public record AccountEntity
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    /// <summary>Equal to <see cref="Username"/>: every account is local.</summary>
    public required string Acct { get; init; }

    public required string Url { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The bio as HTML.</summary>
    public required string Note { get; init; }

    public required string Avatar { get; init; }

    public required string AvatarStatic { get; init; }

    public required string Header { get; init; }

    public required string HeaderStatic { get; init; }

    public bool Locked { get; init; }

    public bool Bot { get; init; }

    public bool Group { get; init; }

    public bool Discoverable { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A day, written <c>YYYY-MM-DD</c>, or null.</summary>
    public required DateOnly? LastStatusAt { get; init; }

    public required long StatusesCount { get; init; }

    public required long FollowersCount { get; init; }

    public required long FollowingCount { get; init; }

    public IReadOnlyList<AccountFieldEntity> Fields { get; init; } = [];

    public IReadOnlyList<CustomEmojiEntity> Emojis { get; init; } = [];

    public IReadOnlyList<AccountRoleEntity> Roles { get; init; } = [];
}
