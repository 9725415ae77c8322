using Chirp.Engine;

namespace Chirp.Server.Api;

/// <summary>A tweet as a reader sees it: its author, a retweet's original, and the reader's flags on what is shown.</summary>
public static class StatusLoader
{
    public static TimelineItem? Load(ChirpEngine engine, long tweetId, long? readerId)
    {
        var tweet = engine.GetTweet(tweetId);
        var author = tweet is null ? null : engine.GetAccount(tweet.AuthorId);
        if (tweet is null || author is null)
        {
            return null;
        }

        Tweet? original = null;
        Account? originalAuthor = null;
        if (tweet.RetweetOfId is { } originalId)
        {
            original = engine.GetTweet(originalId);
            originalAuthor = original is null ? null : engine.GetAccount(original.AuthorId);
            if (original is null || originalAuthor is null)
            {
                return null;
            }
        }

        long shown = original?.Id ?? tweet.Id;
        bool liked = readerId is { } reader && engine.HasLiked(reader, [shown])[0];
        bool retweeted = readerId is { } reader2 && engine.HasRetweeted(reader2, [shown])[0];
        return new TimelineItem(tweet, author, original, originalAuthor, liked, retweeted);
    }

    public static TimelineItem Require(ChirpEngine engine, long tweetId, long? readerId) =>
        Load(engine, tweetId, readerId) ?? throw ApiException.NotFound();
}
