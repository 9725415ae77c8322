using Chirp.Engine;

namespace Chirp.Server.Mastodon;

/// <summary>
/// Turns the engine's model into Mastodon entities. The engine stores mentions as usernames and tweets as media ids,
/// so the mapper is given lookups for both. Create one per request: it remembers the accounts it looked up and mapped
/// (a page of statuses shows and mentions the same people again and again), and it is not thread-safe.
/// </summary>
public sealed partial class EntityMapper
{
    private readonly Func<string, Account?> _findAccountByUsername;
    private readonly Func<long, MediaAttachmentEntity?> _findMedia;
    private readonly Dictionary<string, Account?> _accountsByUsername = new(StringComparer.OrdinalIgnoreCase);

    // Keyed by the record's value, so an account whose counts or bio changed maps afresh.
    private readonly Dictionary<Account, AccountEntity> _accountEntities = [];

    /// <param name="urls">The server's public URLs.</param>
    /// <param name="findAccountByUsername">The account with a username (any case), or null; for mentions.</param>
    /// <param name="findMedia">The attachment with a media id, or null when it is gone (then it is left out).</param>
    public EntityMapper(MastodonUrls urls, Func<string, Account?> findAccountByUsername, Func<long, MediaAttachmentEntity?> findMedia)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(findAccountByUsername);
        ArgumentNullException.ThrowIfNull(findMedia);
        Urls = urls;
        _findAccountByUsername = findAccountByUsername;
        _findMedia = findMedia;
    }

    /// <summary>The URLs the entities point at.</summary>
    public MastodonUrls Urls { get; }

    /// <summary>The hashtag entity for a name (lower-cased, without '#').</summary>
    public TagEntity ToTag(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new TagEntity { Name = name, Url = Urls.Tag(name) };
    }

    /// <summary>The hashtag entity for a search hit.</summary>
    public TagEntity ToTag(HashtagUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return ToTag(usage.Name);
    }

    /// <summary>The answer to a search; every list is present even when it is empty.</summary>
    public SearchResultsEntity ToSearchResults(IEnumerable<Account> accounts, IEnumerable<TimelineItem> statuses, IEnumerable<HashtagUsage> hashtags)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(hashtags);
        return new SearchResultsEntity
        {
            Accounts = accounts.Select(ToAccount).ToList(),
            Statuses = statuses.Select(ToStatus).ToList(),
            Hashtags = hashtags.Select(ToTag).ToList(),
        };
    }

    private Account? FindAccount(string username)
    {
        if (!_accountsByUsername.TryGetValue(username, out var account))
        {
            account = _findAccountByUsername(username);
            _accountsByUsername[username] = account;
        }

        return account;
    }

    private string? MentionUrl(string username) => FindAccount(username) is { } account ? Urls.Account(account.Username) : null;
}
