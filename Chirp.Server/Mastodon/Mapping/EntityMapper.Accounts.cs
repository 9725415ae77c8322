using Chirp.Engine;

namespace Chirp.Server.Mastodon;

public sealed partial class EntityMapper
{
    /// <summary>
    /// An account as anyone sees it. The bio is rendered like a status (escaped, links); <c>last_status_at</c> is the
    /// day of the account's last recorded activity, so the server should record activity when it posts.
    /// </summary>
    public AccountEntity ToAccount(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!_accountEntities.TryGetValue(account, out var entity))
        {
            entity = NewAccountEntity(account);
            _accountEntities[account] = entity;
        }

        return entity;
    }

    private AccountEntity NewAccountEntity(Account account) => new()
    {
        Id = MastodonId.Format(account.Id),
        Username = account.Username,
        Acct = account.Username,
        Url = Urls.Account(account.Username),
        DisplayName = account.DisplayName,
        Note = StatusHtml.Render(account.Bio, MentionUrl, Urls),
        Avatar = Urls.DefaultAvatar,
        AvatarStatic = Urls.DefaultAvatar,
        Header = Urls.DefaultHeader,
        HeaderStatic = Urls.DefaultHeader,
        // Every Chirp account is public and searchable.
        Discoverable = true,
        CreatedAt = account.CreatedAt,
        LastStatusAt = account.LastActiveAt is { } active ? DateOnly.FromDateTime(active.UtcDateTime) : null,
        StatusesCount = account.TweetsCount,
        FollowersCount = account.FollowersCount,
        FollowingCount = account.FollowingCount,
    };

    /// <summary>The reader's own account (verify_credentials, update_credentials), with the bio as written in <c>source</c>.</summary>
    public CredentialAccountEntity ToCredentialAccount(Account account) =>
        new(ToAccount(account), new AccountSourceEntity { Note = account.Bio });

    /// <summary>
    /// The reader's relationship to an account. Chirp has follows only (no blocks, mutes or requests); a followed
    /// account's retweets are shown, so <c>showing_reblogs</c> follows <paramref name="following"/>.
    /// </summary>
    public static RelationshipEntity ToRelationship(long accountId, bool following, bool followedBy) => new()
    {
        Id = MastodonId.Format(accountId),
        Following = following,
        ShowingReblogs = following,
        FollowedBy = followedBy,
    };
}
