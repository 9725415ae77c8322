using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>Tweets and replies. A reply lives on its parent's shard, so a whole thread lives on its root's shard.</summary>
internal sealed partial class Shard
{
    private ApplyResult ApplyCreateTweet(CreateTweet c, ApplyContext context)
    {
        byte[] key = Keys.Id(c.TweetId);
        var stored = context.Read<TweetRecord>(Store.Tweets, key);
        if (stored is not null)
        {
            // Only this very tweet may already be there; anything else means two writes were given one id, and
            // acknowledging it would acknowledge a tweet that was never stored.
            return stored.AuthorId == c.AuthorId && stored.InReplyToId == c.InReplyToId && stored.Text == c.Text && !stored.Deleted
                ? ApplyResult.Ok(c.TweetId)
                : throw new InvalidOperationException($"Tweet id {c.TweetId} is already taken by another tweet: two writes were given one id.");
        }

        var tweet = new TweetRecord
        {
            Id = c.TweetId,
            AuthorId = c.AuthorId,
            Text = c.Text,
            MediaIds = c.MediaIds,
            Hashtags = c.Hashtags,
            Mentions = c.Mentions,
        };

        if (c.InReplyToId != 0)
        {
            var parent = context.Read<TweetRecord>(Store.Tweets, Keys.Id(c.InReplyToId));
            if (parent is null || parent.Deleted)
            {
                return ApplyResult.NotFound($"Tweet {c.InReplyToId} does not exist.");
            }

            if (parent.RetweetOfId != 0)
            {
                return ApplyResult.Invalid("in_reply_to_id", "A reply must answer a tweet, not a retweet.");
            }

            tweet.InReplyToId = c.InReplyToId;
            tweet.InReplyToAuthorId = parent.AuthorId;
            context.PutEdge(EdgeKind.Replies, c.InReplyToId, c.TweetId, c.AuthorId);
            context.AddToCounter(c.InReplyToId, CounterSlot.Replies, 1);
        }
        else if (!context.Exists(Store.Users, Keys.Id(c.AuthorId)))
        {
            return ApplyResult.NotFound($"Account {c.AuthorId} does not exist.");
        }

        context.Write(Store.Tweets, key, tweet);
        context.NoteId(c.TweetId);
        context.Changed(c);
        IndexHashtags(context, tweet, [], c.Hashtags);
        AddToAuthorList(context, c.AuthorId, c.TweetId, c.InReplyToId != 0 ? AuthoredKind.Reply : AuthoredKind.Original, c.CelebrityThreshold);
        return ApplyResult.Ok(c.TweetId);
    }

    private ApplyResult ApplyEditTweet(EditTweet c, ApplyContext context)
    {
        byte[] key = Keys.Id(c.TweetId);
        var tweet = context.Read<TweetRecord>(Store.Tweets, key);
        if (tweet is null || tweet.Deleted)
        {
            return ApplyResult.NotFound($"Tweet {c.TweetId} does not exist.");
        }

        if (tweet.AuthorId != c.ActorId)
        {
            return ApplyResult.Forbidden("Only the author may edit a tweet.");
        }

        if (tweet.RetweetOfId != 0)
        {
            return ApplyResult.Invalid("id", "A retweet cannot be edited.");
        }

        long[] media = c.KeepMedia ? tweet.MediaIds : c.MediaIds;
        if (media.Length == 0 && string.IsNullOrWhiteSpace(c.Text))
        {
            return ApplyResult.Invalid("text", "A tweet needs text or at least one media attachment.");
        }

        if (c.Text == tweet.Text && media.AsSpan().SequenceEqual(tweet.MediaIds) && c.Hashtags.AsSpan().SequenceEqual(tweet.Hashtags) && c.Mentions.AsSpan().SequenceEqual(tweet.Mentions))
        {
            // Nothing changes (a retry of an edit that applied, made without its request id): no version, no feed entry.
            return ApplyResult.Ok(c.TweetId);
        }

        long writtenAt = tweet.EditCount == 0 ? SnowflakeId.TimeOf(tweet.Id).ToUnixTimeMilliseconds() : tweet.EditedAtMs;
        context.Write(Store.Versions, Keys.TweetVersion(tweet.Id, tweet.EditCount), new TweetVersionRecord
        {
            Text = tweet.Text,
            MediaIds = tweet.MediaIds,
            WrittenAtMs = writtenAt,
        });
        IndexHashtags(context, tweet, tweet.Hashtags, c.Hashtags);
        tweet.Text = c.Text;
        tweet.MediaIds = media;
        tweet.Hashtags = c.Hashtags;
        tweet.Mentions = c.Mentions;
        tweet.EditCount++;
        tweet.EditedAtMs = c.AtMs;
        context.Write(Store.Tweets, key, tweet);
        context.Changed(c);
        return ApplyResult.Ok(c.TweetId);
    }

    private ApplyResult ApplyDeleteTweet(DeleteTweet c, ApplyContext context)
    {
        byte[] key = Keys.Id(c.TweetId);
        var tweet = context.Read<TweetRecord>(Store.Tweets, key);
        if (tweet is null || (tweet.Deleted && tweet.AuthorId != c.ActorId))
        {
            return ApplyResult.NotFound($"Tweet {c.TweetId} does not exist.");
        }

        if (tweet.Deleted)
        {
            // Its author deletes it again (a retry made without its request id): done already. Id 0 tells the caller
            // that this command did not delete it.
            return ApplyResult.Ok();
        }

        if (tweet.AuthorId != c.ActorId)
        {
            return ApplyResult.Forbidden("Only the author may delete a tweet.");
        }

        if (tweet.RetweetOfId != 0)
        {
            return ApplyResult.Invalid("id", "A retweet is removed by undoing it, not by deleting it.");
        }

        for (int version = 0; version < tweet.EditCount; version++)
        {
            context.Delete(Store.Versions, Keys.TweetVersion(tweet.Id, version));
        }

        if (tweet.InReplyToId != 0)
        {
            context.DeleteEdge(EdgeKind.Replies, tweet.InReplyToId, tweet.Id);
            context.AddToCounter(tweet.InReplyToId, CounterSlot.Replies, -1);
        }

        IndexHashtags(context, tweet, tweet.Hashtags, []);
        Tombstone(tweet, c.AtMs);
        context.Write(Store.Tweets, key, tweet);
        context.Changed(c);
        RemoveFromAuthorList(context, tweet.AuthorId, tweet.Id);
        return ApplyResult.Ok(c.TweetId);
    }

    private ApplyResult ApplyAddAuthored(AddAuthored c, ApplyContext context)
    {
        if (context.ReadEdge(EdgeKind.Authored, c.AuthorId, c.TweetId) is not null)
        {
            return ApplyResult.Ok(c.TweetId);
        }

        WriteAuthored(context, c.AuthorId, c.TweetId, (AuthoredKind)c.Kind, c.CelebrityThreshold);
        context.Changed(c);
        return ApplyResult.Ok(c.TweetId);
    }

    private ApplyResult ApplyRemoveAuthored(RemoveAuthored c, ApplyContext context)
    {
        if (context.ReadEdge(EdgeKind.Authored, c.AuthorId, c.TweetId) is null)
        {
            return ApplyResult.Ok(c.TweetId);
        }

        DeleteAuthored(context, c.AuthorId, c.TweetId);
        context.Changed(c);
        return ApplyResult.Ok(c.TweetId);
    }

    /// <summary>Adds to the author's own list: in this batch if the author lives here, else through the outbox.</summary>
    private void AddToAuthorList(ApplyContext context, long authorId, long tweetId, AuthoredKind kind, int celebrityThreshold)
    {
        int authorShard = _router.ShardOfId(authorId);
        if (authorShard == Id)
        {
            WriteAuthored(context, authorId, tweetId, kind, celebrityThreshold);
        }
        else
        {
            context.Send(authorShard, new AddAuthored { AuthorId = authorId, TweetId = tweetId, Kind = (byte)kind, CelebrityThreshold = celebrityThreshold });
        }
    }

    private void RemoveFromAuthorList(ApplyContext context, long authorId, long tweetId)
    {
        int authorShard = _router.ShardOfId(authorId);
        if (authorShard == Id)
        {
            DeleteAuthored(context, authorId, tweetId);
        }
        else
        {
            context.Send(authorShard, new RemoveAuthored { AuthorId = authorId, TweetId = tweetId });
        }
    }

    /// <summary>
    /// Lists an entry as the author's and decides, in the same batch, whether it is fanned out: not when the author has
    /// reached the celebrity threshold, in which case the entry is marked and the author becomes a pull author up to
    /// this id, so readers merge it in at read time. The threshold comes with the command (prepare decided it); 0, in
    /// commands written before it did, fans out.
    /// </summary>
    private void WriteAuthored(ApplyContext context, long authorId, long tweetId, AuthoredKind kind, int celebrityThreshold)
    {
        bool unfanned = celebrityThreshold > 0 && context.ReadCounter(authorId, CounterSlot.Followers) >= celebrityThreshold;
        context.PutEdge(EdgeKind.Authored, authorId, tweetId, AuthoredValue.Encode(kind, unfanned));
        context.AddToCounter(authorId, CounterSlot.Tweets, 1);
        context.AddToCounter(CounterSlot.TotalsId, CounterSlot.Statuses, 1);
        if (unfanned)
        {
            long newest = Math.Max(tweetId, context.ReadEdge(EdgeKind.PullAuthor, authorId, 0) ?? 0);
            context.PutEdge(EdgeKind.PullAuthor, authorId, 0, newest);
        }
    }

    private static void DeleteAuthored(ApplyContext context, long authorId, long tweetId)
    {
        if (context.ReadEdge(EdgeKind.Authored, authorId, tweetId) is not null)
        {
            context.DeleteEdge(EdgeKind.Authored, authorId, tweetId);
            context.AddToCounter(authorId, CounterSlot.Tweets, -1);
            context.AddToCounter(CounterSlot.TotalsId, CounterSlot.Statuses, -1);
        }
    }

    /// <summary>Moves the tweet's entries in the hashtag lists from the old tags to the new ones.</summary>
    private static void IndexHashtags(ApplyContext context, TweetRecord tweet, string[] before, string[] after)
    {
        foreach (string tag in before)
        {
            if (Array.IndexOf(after, tag) < 0)
            {
                context.DeleteEdge(EdgeKind.Hashtag, Keys.HashtagKey(tag), tweet.Id);
            }
        }

        foreach (string tag in after)
        {
            if (Array.IndexOf(before, tag) < 0)
            {
                context.PutEdge(EdgeKind.Hashtag, Keys.HashtagKey(tag), tweet.Id, tweet.AuthorId);
            }
        }
    }

    private static void Tombstone(TweetRecord tweet, long atMs)
    {
        tweet.Deleted = true;
        tweet.DeletedAtMs = atMs;
        tweet.Text = "";
        tweet.MediaIds = [];
        tweet.Hashtags = [];
        tweet.Mentions = [];
        tweet.EditCount = 0;
    }
}
