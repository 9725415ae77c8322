using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>Tweets, edits, deletes, a user's own list, and replies.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>The deepest reply chain <see cref="GetAncestors(long, int)"/> walks.</summary>
    public const int MaxAncestors = 1000;

    /// <summary>
    /// Creates a tweet: 1 to 280 code points of text (NFC), or empty text with media. Hashtags and mentions are
    /// extracted. Returns the stored tweet. A repeated <paramref name="requestId"/> returns the first tweet.
    /// </summary>
    public async ValueTask<Tweet> CreateTweetAsync(long authorId, string text, IReadOnlyList<long>? mediaIds = null, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        long[] media = ValidateMedia(mediaIds);
        string normalized = TweetText.Normalize(text, media.Length);
        // The author's shard checks the author exists as it applies the command.
        var shard = OwnerOf(authorId) ?? throw ChirpException.NotFound($"Account {authorId} does not exist.");
        var (id, created) = await SubmitPreparedAsync(shard, NewTweetCommand(authorId, normalized, media, 0), requestId, cancellationToken).ConfigureAwait(false);
        InsertOwnEntry(authorId, id);
        return id == created.TweetId ? CreatedView(created, 0) : GetTweet(id)!;
    }

    /// <summary>
    /// Creates a reply to a tweet (a reply to a retweet entry answers its original). The reply is stored in the
    /// parent's reply log on the parent's shard, counted on the parent, and listed among the author's own tweets.
    /// </summary>
    public async ValueTask<Tweet> CreateReplyAsync(long authorId, long parentId, string text, IReadOnlyList<long>? mediaIds = null, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        long[] media = ValidateMedia(mediaIds);
        string normalized = TweetText.Normalize(text, media.Length);
        RequireAccountShard(authorId);
        var parent = ReadLiveTweet(parentId) ?? throw ChirpException.NotFound($"Tweet {parentId} does not exist.");
        if (parent.RetweetOfId != 0)
        {
            parent = ReadLiveTweet(parent.RetweetOfId) ?? throw ChirpException.NotFound($"Tweet {parentId} does not exist.");
        }

        var shard = OwnerOf(parent.Id)!;
        var (id, created) = await SubmitPreparedAsync(shard, NewTweetCommand(authorId, normalized, media, parent.Id), requestId, cancellationToken).ConfigureAwait(false);
        InsertOwnEntry(authorId, id);
        return id == created.TweetId ? CreatedView(created, parent.AuthorId) : GetTweet(id)!;
    }

    /// <summary>The tweet with this id, or null if there is none or it was deleted.</summary>
    public Tweet? GetTweet(long tweetId)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(tweetId);
        var record = shard?.ReadTweet(tweetId);
        if (record is null || record.Deleted)
        {
            return null;
        }

        // A retweet entry of a deleted tweet is as gone as the tweet.
        return record.RetweetOfId != 0 && ReadLiveTweet(record.RetweetOfId) is null ? null : ToTweet(shard!, record);
    }

    /// <summary>The tweets for a list of ids, in the same order; null where an id names no live tweet.</summary>
    public IReadOnlyList<Tweet?> GetTweets(IReadOnlyList<long> tweetIds)
    {
        using var pass = _gate.Enter();
        ArgumentNullException.ThrowIfNull(tweetIds);
        var tweets = new Tweet?[tweetIds.Count];
        for (int i = 0; i < tweets.Length; i++)
        {
            tweets[i] = GetTweet(tweetIds[i]);
        }

        return tweets;
    }

    /// <summary>
    /// Replaces a tweet's text, and its media when <paramref name="mediaIds"/> is given (null keeps the media as they
    /// are, an empty list removes them), as Mastodon's edit does without and with <c>media_ids</c> (author only; not for
    /// retweet entries). The previous version goes to the edit history. Throws not-found, forbidden (not the author) or a
    /// validation error.
    /// </summary>
    public async ValueTask<Tweet> EditTweetAsync(long actorId, long tweetId, string text, IReadOnlyList<long>? mediaIds = null, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        long[] media = ValidateMedia(mediaIds);
        var shard = OwnerOf(tweetId) ?? throw ChirpException.NotFound($"Tweet {tweetId} does not exist.");
        bool keepMedia = mediaIds is null;
        // Checked again when the edit applies, against the media the tweet has then.
        int mediaCount = keepMedia ? shard.ReadTweet(tweetId)?.MediaIds.Length ?? 0 : media.Length;
        string normalized = TweetText.Normalize(text, mediaCount);
        var command = new EditTweet
        {
            TweetId = tweetId,
            ActorId = actorId,
            Text = normalized,
            MediaIds = media,
            KeepMedia = keepMedia,
            Hashtags = [.. TweetText.ExtractHashtags(normalized)],
            Mentions = [.. TweetText.ExtractMentions(normalized)],
        };
        await SubmitAsync(shard, command, requestId, cancellationToken).ConfigureAwait(false);
        return GetTweet(tweetId)!;
    }

    /// <summary>The earlier versions of a tweet, oldest first (empty if never edited). Throws not-found for a deleted tweet.</summary>
    public IReadOnlyList<TweetVersion> GetEditHistory(long tweetId) => GetEditHistory(tweetId, 0, int.MaxValue);

    /// <summary>
    /// Some earlier versions of a tweet, oldest first: those numbered <paramref name="firstVersion"/> to
    /// <paramref name="firstVersion"/> + <paramref name="count"/> - 1 of the tweet's <see cref="Tweet.EditCount"/>
    /// earlier versions (version 0 is the text as first posted), so a long history is read a part at a time. Throws
    /// not-found for a deleted tweet, and a validation error for a negative first version or a count below 1.
    /// </summary>
    public IReadOnlyList<TweetVersion> GetEditHistory(long tweetId, int firstVersion, int count)
    {
        using var pass = _gate.Enter();
        if (firstVersion < 0 || count < 1)
        {
            throw ChirpException.Invalid("version", "The first version must be 0 or more and the count at least 1.");
        }

        var shard = OwnerOf(tweetId);
        var record = shard?.ReadTweet(tweetId);
        if (record is null || record.Deleted)
        {
            throw ChirpException.NotFound($"Tweet {tweetId} does not exist.");
        }

        int end = (int)Math.Min(record.EditCount, (long)firstVersion + count);
        return shard!.ReadVersions(tweetId, firstVersion, end)
            .Select(v => new TweetVersion(v.Text, v.MediaIds, DateTimeOffset.FromUnixTimeMilliseconds(v.WrittenAtMs)))
            .ToList();
    }

    /// <summary>
    /// Deletes a tweet or reply (author only): it becomes a tombstone whose text and history are erased, and it is never
    /// returned again. Deleting one's own retweet entry undoes the retweet. Deleting again what its author deleted
    /// already succeeds and changes nothing (so a retry is harmless); for anyone else it is not found. Returns true
    /// when this call deleted it, or the first call with the same <paramref name="requestId"/> did; false when it was
    /// deleted before.
    /// </summary>
    public async ValueTask<bool> DeleteTweetAsync(long actorId, long tweetId, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(tweetId) ?? throw ChirpException.NotFound($"Tweet {tweetId} does not exist.");
        var record = shard.ReadTweet(tweetId);
        if (record is { RetweetOfId: not 0, Deleted: false } && record.AuthorId == actorId)
        {
            return await SubmitAsync(shard, new UndoRetweet { UserId = actorId, OriginalId = record.RetweetOfId }, requestId, cancellationToken).ConfigureAwait(false) != 0;
        }

        return await SubmitAsync(shard, new DeleteTweet { TweetId = tweetId, ActorId = actorId }, requestId, cancellationToken).ConfigureAwait(false) != 0;
    }

    /// <summary>A user's own tweets, replies and retweet entries (the user timeline), newest first, paged by tweet id with max_id, since_id or min_id.</summary>
    public Page<Tweet> GetUserTweets(long userId, PageRequest page)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(userId) ?? throw ChirpException.NotFound($"Account {userId} does not exist.");
        return CollectTweets(page, shard, EdgeKind.Authored, userId, entry => entry.Other);
    }

    /// <summary>
    /// The direct replies to a tweet, oldest first, after <paramref name="afterId"/> (exclusive). The page's
    /// <see cref="Page{T}.NextMaxId"/> is the cursor to pass as the next <paramref name="afterId"/>.
    /// </summary>
    public Page<Tweet> GetReplies(long parentId, long? afterId = null, int limit = PageRequest.DefaultLimit)
    {
        using var pass = _gate.Enter();
        if (limit is < 1 or > PageRequest.MaxLimit)
        {
            throw ChirpException.Invalid("limit", $"The page limit must be between 1 and {PageRequest.MaxLimit}.");
        }

        var shard = OwnerOf(parentId) ?? throw ChirpException.NotFound($"Tweet {parentId} does not exist.");
        if (shard.ReadTweet(parentId) is null or { Deleted: true })
        {
            throw ChirpException.NotFound($"Tweet {parentId} does not exist.");
        }

        var items = new List<Tweet>(limit);
        long? cursor = afterId;
        while (items.Count < limit)
        {
            var edges = shard.ScanAscending(EdgeKind.Replies, parentId, cursor, limit - items.Count);
            foreach (var (replyId, _) in edges)
            {
                if (GetTweet(replyId) is { } reply)
                {
                    items.Add(reply);
                }

                cursor = replyId;
            }

            if (edges.Count == 0)
            {
                return new Page<Tweet>(items, null);
            }
        }

        return new Page<Tweet>(items, cursor);
    }

    /// <summary>
    /// The direct replies to a tweet, newest first, paged by reply id with max_id, since_id or min_id like a user's
    /// own tweets, so every reply of a long thread can be reached a page at a time. Throws not-found for a missing or
    /// deleted tweet.
    /// </summary>
    public Page<Tweet> GetRecentReplies(long parentId, PageRequest page)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(parentId) ?? throw ChirpException.NotFound($"Tweet {parentId} does not exist.");
        if (shard.ReadTweet(parentId) is null or { Deleted: true })
        {
            throw ChirpException.NotFound($"Tweet {parentId} does not exist.");
        }

        return CollectTweets(page, shard, EdgeKind.Replies, parentId, entry => entry.Other);
    }

    /// <summary>The chain of tweets a reply answers, root first, leaving out deleted ones. Empty for a tweet that is not a reply.</summary>
    public IReadOnlyList<Tweet> GetAncestors(long replyId) => GetAncestors(replyId, MaxAncestors);

    /// <summary>
    /// The nearest <paramref name="limit"/> live tweets of the chain a reply answers, root first; the walk up the chain
    /// stops there, and at <see cref="MaxAncestors"/> steps. Empty for a tweet that is not a reply.
    /// </summary>
    public IReadOnlyList<Tweet> GetAncestors(long replyId, int limit)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(replyId);
        var record = shard?.ReadTweet(replyId);
        if (record is null || record.Deleted)
        {
            throw ChirpException.NotFound($"Tweet {replyId} does not exist.");
        }

        if (limit < 1)
        {
            throw ChirpException.Invalid("limit", "The limit must be at least 1.");
        }

        var chain = new List<Tweet>();
        long parentId = record.InReplyToId;
        for (int depth = 0; parentId != 0 && depth < MaxAncestors && chain.Count < limit; depth++)
        {
            var parentShard = OwnerOf(parentId);
            var parent = parentShard?.ReadTweet(parentId);
            if (parent is null)
            {
                break;
            }

            if (!parent.Deleted)
            {
                chain.Add(ToTweet(parentShard!, parent));
            }

            parentId = parent.InReplyToId;
        }

        chain.Reverse();
        return chain;
    }

    private TweetRecord? ReadLiveTweet(long tweetId)
    {
        var record = OwnerOf(tweetId)?.ReadTweet(tweetId);
        return record is null || record.Deleted ? null : record;
    }

    /// <summary>
    /// Fills a newest-first page from one owner's edge list, skipping entries whose tweet is gone, scanning on until the
    /// page is full or the list ends, so a page is short only at the end of the list. With a min_id the page is the
    /// live entries just above it, found by scanning upwards from it.
    /// </summary>
    private Page<Tweet> CollectTweets(PageRequest page, Shard shard, EdgeKind kind, long owner, Func<(long Other, long Value), long> tweetIdOf)
    {
        if (page.MinId is not null)
        {
            return CollectTweetsAbove(page, shard, kind, owner, tweetIdOf);
        }

        var items = new List<Tweet>(page.Limit);
        long? cursor = page.MaxId;
        long? newest = null;
        while (items.Count < page.Limit)
        {
            var edges = shard.ScanDescending(kind, owner, cursor, page.SinceId, page.Limit - items.Count);
            foreach (var edge in edges)
            {
                if (GetTweet(tweetIdOf(edge)) is { } tweet)
                {
                    items.Add(tweet);
                    newest ??= edge.Other;
                }

                cursor = edge.Other;
            }

            if (edges.Count == 0)
            {
                return new Page<Tweet>(items, null) { PrevMinId = newest ?? page.SinceId };
            }
        }

        return new Page<Tweet>(items, cursor) { PrevMinId = newest };
    }

    private Page<Tweet> CollectTweetsAbove(PageRequest page, Shard shard, EdgeKind kind, long owner, Func<(long Other, long Value), long> tweetIdOf)
    {
        long lower = Math.Max(page.MinId!.Value, page.SinceId ?? long.MinValue);
        var items = new List<(long Cursor, Tweet Tweet)>(page.Limit);
        long? cursor = lower;
        while (items.Count < page.Limit)
        {
            var edges = shard.ScanAscending(kind, owner, cursor, page.Limit - items.Count);
            foreach (var edge in edges)
            {
                if (edge.Other >= page.MaxId)
                {
                    edges.Clear();
                    break;
                }

                if (GetTweet(tweetIdOf(edge)) is { } tweet)
                {
                    items.Add((edge.Other, tweet));
                }

                cursor = edge.Other;
            }

            if (edges.Count == 0)
            {
                break;
            }
        }

        items.Reverse();
        return new Page<Tweet>([.. items.Select(i => i.Tweet)], items.Count > 0 ? items[^1].Cursor : null)
        {
            PrevMinId = items.Count > 0 ? items[0].Cursor : lower,
        };
    }

    private static void RefuseMinId(PageRequest page)
    {
        if (page.MinId is not null)
        {
            throw ChirpException.Invalid("min_id", "This list pages with max_id and since_id only.");
        }
    }

    /// <summary>A create command without an id: prepare mints it on the shard that stores the tweet.</summary>
    private static CreateTweet NewTweetCommand(long authorId, string normalizedText, long[] media, long inReplyToId) => new()
    {
        AuthorId = authorId,
        Text = normalizedText,
        MediaIds = media,
        Hashtags = [.. TweetText.ExtractHashtags(normalizedText)],
        Mentions = [.. TweetText.ExtractMentions(normalizedText)],
        InReplyToId = inReplyToId,
    };

    /// <summary>The tweet a create command just stored, without reading it back: a new tweet has no counts or edits.</summary>
    private static Tweet CreatedView(CreateTweet command, long parentAuthorId) => new(
        command.TweetId,
        command.AuthorId,
        command.Text,
        SnowflakeId.TimeOf(command.TweetId),
        null,
        command.InReplyToId == 0 ? null : command.InReplyToId,
        command.InReplyToId == 0 ? null : parentAuthorId,
        null,
        command.MediaIds,
        command.Hashtags,
        command.Mentions,
        0,
        0,
        0,
        0);

    private static long[] ValidateMedia(IReadOnlyList<long>? mediaIds)
    {
        if (mediaIds is null || mediaIds.Count == 0)
        {
            return [];
        }

        if (mediaIds.Count > TweetText.MaxMedia)
        {
            throw ChirpException.Invalid("media_ids", $"A tweet has at most {TweetText.MaxMedia} media attachments.");
        }

        if (mediaIds.Any(id => id <= 0) || mediaIds.Distinct().Count() != mediaIds.Count)
        {
            throw ChirpException.Invalid("media_ids", "Media ids must be positive and distinct.");
        }

        return [.. mediaIds];
    }

    private static Tweet ToTweet(Shard shard, TweetRecord record)
    {
        Span<long> counters = stackalloc long[CounterSlot.Count];
        shard.ReadCounters(record.Id, counters);
        return new Tweet(
            record.Id,
            record.AuthorId,
            record.Text,
            SnowflakeId.TimeOf(record.Id),
            record.EditCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(record.EditedAtMs),
            record.InReplyToId == 0 ? null : record.InReplyToId,
            record.InReplyToId == 0 ? null : record.InReplyToAuthorId,
            record.RetweetOfId == 0 ? null : record.RetweetOfId,
            record.MediaIds,
            record.Hashtags,
            record.Mentions,
            counters[CounterSlot.Replies],
            counters[CounterSlot.Likes],
            counters[CounterSlot.Retweets],
            record.EditCount);
    }
}
