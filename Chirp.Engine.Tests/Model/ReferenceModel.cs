namespace Chirp.Engine.Tests.Model;

/// <summary>The plain in-memory model the engine is checked against.</summary>
public sealed class ReferenceModel
{
    public List<long> Users { get; } = [];

    public Dictionary<long, string> UsernameOf { get; } = [];

    /// <summary>Every tweet, reply and retweet entry ever created, in creation order.</summary>
    public List<long> TweetOrder { get; } = [];

    public Dictionary<long, ModelTweet> Tweets { get; } = [];

    public HashSet<(long User, long Tweet)> Likes { get; } = [];

    /// <summary>(user, original) → retweet entry id, for retweets in place.</summary>
    public Dictionary<(long User, long Original), long> Retweets { get; } = [];

    public HashSet<(long Follower, long Followee)> Follows { get; } = [];

    public bool IsLive(long id)
    {
        var tweet = Tweets[id];
        return !tweet.Deleted && (tweet.RetweetOf == 0 || !Tweets[tweet.RetweetOf].Deleted);
    }

    /// <summary>What ResolveOriginal in the engine answers: the live original a tweet id stands for, or null.</summary>
    public long? LiveOriginal(long id)
    {
        var tweet = Tweets[id];
        if (tweet.Deleted)
        {
            return null;
        }

        if (tweet.RetweetOf == 0)
        {
            return id;
        }

        return Tweets[tweet.RetweetOf].Deleted ? null : tweet.RetweetOf;
    }

    public long OriginalOf(long id) => Tweets[id].RetweetOf == 0 ? id : Tweets[id].RetweetOf;
}
