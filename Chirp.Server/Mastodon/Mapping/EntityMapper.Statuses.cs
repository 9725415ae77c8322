using Chirp.Engine;

namespace Chirp.Server.Mastodon;

public sealed partial class EntityMapper
{
    /// <summary>
    /// A timeline entry as a status. A retweet becomes a wrapper (the retweeter's entry, with empty content and no
    /// counts of its own) whose <c>reblog</c> is the original, and the reader's flags go on the original, as in
    /// Mastodon, where the wrapper itself cannot be favourited or reblogged.
    /// </summary>
    /// <exception cref="ArgumentException">The item is a retweet without its original.</exception>
    public StatusEntity ToStatus(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!item.Tweet.IsRetweet)
        {
            return ToStatus(item.Tweet, item.Author, item.LikedByReader, item.RetweetedByReader);
        }

        if (item.Original is null || item.OriginalAuthor is null)
        {
            throw new ArgumentException($"Retweet {item.Tweet.Id} comes without its original tweet and author.", nameof(item));
        }

        var tweet = item.Tweet;
        string url = Urls.Status(item.Author.Username, tweet.Id);
        return new StatusEntity
        {
            Id = MastodonId.Format(tweet.Id),
            Uri = url,
            Url = url,
            CreatedAt = tweet.CreatedAt,
            EditedAt = null,
            Account = ToAccount(item.Author),
            Content = "",
            Reblog = ToStatus(item.Original, item.OriginalAuthor, item.LikedByReader, item.RetweetedByReader),
        };
    }

    /// <summary>A tweet or reply (not a retweet entry: use the <see cref="TimelineItem"/> overload) with the reader's flags.</summary>
    /// <exception cref="ArgumentException">The tweet is a retweet entry.</exception>
    public StatusEntity ToStatus(Tweet tweet, Account author, bool favourited, bool reblogged)
    {
        ArgumentNullException.ThrowIfNull(tweet);
        ArgumentNullException.ThrowIfNull(author);
        if (tweet.IsRetweet)
        {
            throw new ArgumentException($"Tweet {tweet.Id} is a retweet entry; map it as a TimelineItem with its original.", nameof(tweet));
        }

        string url = Urls.Status(author.Username, tweet.Id);
        return new StatusEntity
        {
            Id = MastodonId.Format(tweet.Id),
            Uri = url,
            Url = url,
            CreatedAt = tweet.CreatedAt,
            EditedAt = tweet.EditedAt,
            Account = ToAccount(author),
            Content = StatusHtml.Render(tweet.Text, MentionUrl, Urls),
            MediaAttachments = ToMedia(tweet.MediaIds),
            Mentions = ToMentions(tweet.Mentions),
            Tags = tweet.Hashtags.Select(ToTag).ToList(),
            ReblogsCount = tweet.RetweetCount,
            FavouritesCount = tweet.LikeCount,
            RepliesCount = tweet.ReplyCount,
            InReplyToId = MastodonId.Format(tweet.InReplyToId),
            InReplyToAccountId = MastodonId.Format(tweet.InReplyToAuthorId),
            Favourited = favourited,
            Reblogged = reblogged,
        };
    }

    /// <summary>The answer to DELETE: the status as it was, with <c>text</c> set so the client can redraft it.</summary>
    public StatusEntity ToDeletedStatus(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ToStatus(item) with { Text = item.Tweet.Text };
    }

    /// <summary>The plain text of a tweet, for editing.</summary>
    public static StatusSourceEntity ToSource(Tweet tweet)
    {
        ArgumentNullException.ThrowIfNull(tweet);
        return new StatusSourceEntity { Id = MastodonId.Format(tweet.Id), Text = tweet.Text };
    }

    /// <summary>
    /// A tweet's edit history as Mastodon gives it: every version oldest first, the current one last (so an unedited
    /// tweet has one entry).
    /// </summary>
    /// <param name="tweet">The tweet as it is now.</param>
    /// <param name="author">Its author.</param>
    /// <param name="earlierVersions">The engine's earlier versions, oldest first.</param>
    public IReadOnlyList<StatusEditEntity> ToEditHistory(Tweet tweet, Account author, IReadOnlyList<TweetVersion> earlierVersions)
    {
        ArgumentNullException.ThrowIfNull(tweet);
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(earlierVersions);
        var account = ToAccount(author);
        var current = new TweetVersion(tweet.Text, tweet.MediaIds, tweet.EditedAt ?? tweet.CreatedAt);
        return earlierVersions.Append(current)
            .Select(version => new StatusEditEntity
            {
                Content = StatusHtml.Render(version.Text, MentionUrl, Urls),
                CreatedAt = version.WrittenAt,
                Account = account,
                MediaAttachments = ToMedia(version.MediaIds),
            })
            .ToList();
    }

    /// <summary>A thread: ancestors oldest first, then descendants in the order given.</summary>
    public ContextEntity ToContext(IEnumerable<TimelineItem> ancestors, IEnumerable<TimelineItem> descendants)
    {
        ArgumentNullException.ThrowIfNull(ancestors);
        ArgumentNullException.ThrowIfNull(descendants);
        return new ContextEntity
        {
            Ancestors = ancestors.Select(ToStatus).ToList(),
            Descendants = descendants.Select(ToStatus).ToList(),
        };
    }

    /// <summary>Mentions of existing accounts only: a username nobody has is not a mention, as in the HTML.</summary>
    private List<MentionEntity> ToMentions(IReadOnlyList<string> usernames)
    {
        var mentions = new List<MentionEntity>(usernames.Count);
        foreach (string username in usernames)
        {
            if (FindAccount(username) is { } account)
            {
                mentions.Add(new MentionEntity
                {
                    Id = MastodonId.Format(account.Id),
                    Username = account.Username,
                    Url = Urls.Account(account.Username),
                    Acct = account.Username,
                });
            }
        }

        return mentions;
    }

    private List<MediaAttachmentEntity> ToMedia(IReadOnlyList<long> mediaIds)
    {
        var media = new List<MediaAttachmentEntity>(mediaIds.Count);
        foreach (long id in mediaIds)
        {
            if (_findMedia(id) is { } attachment)
            {
                media.Add(attachment);
            }
        }

        return media;
    }
}
