namespace Chirp.Engine.Storage;

/// <summary>
/// The adjacency lists kept in the edges column family. A key is [kind][owner id][second id], big-endian, so each
/// owner's list is one contiguous, ordered range. The byte values are part of the on-disk format.
/// </summary>
internal enum EdgeKind : byte
{
    /// <summary>[author][tweet id] → entry kind: the author's own tweets, replies and retweets.</summary>
    Authored = 1,

    /// <summary>[parent][reply id] → reply author: the reply log, on the parent's shard.</summary>
    Replies = 2,

    /// <summary>[user][like edge id] → tweet id: a user's likes in the order made.</summary>
    LikesByTime = 3,

    /// <summary>[user][tweet id] → like edge id: "did the user like it".</summary>
    LikedTweet = 4,

    /// <summary>[tweet][like edge id] → user id: who liked a tweet, in order.</summary>
    LikersByTime = 5,

    /// <summary>[tweet][user id] → like edge id.</summary>
    LikerIndex = 6,

    /// <summary>[user][original id] → retweet id: "did the user retweet it".</summary>
    RetweetedTweet = 7,

    /// <summary>[original][retweet id] → user id: who retweeted a tweet, in order.</summary>
    RetweetersByTime = 8,

    /// <summary>[original][user id] → retweet id.</summary>
    RetweeterIndex = 9,

    /// <summary>[follower][follow edge id] → followee: whom a user follows, in order of following.</summary>
    FollowingByTime = 10,

    /// <summary>[follower][followee] → follow edge id: "does A follow B", and the list sorted by user id.</summary>
    FollowingIndex = 11,

    /// <summary>[followee][follow edge id] → follower: who follows a user, in order.</summary>
    FollowersByTime = 12,

    /// <summary>[followee][follower] → follow edge id.</summary>
    FollowerIndex = 13,

    /// <summary>[author][0] → the newest tweet id of the author that was not fanned out (posted as a celebrity).</summary>
    PullAuthor = 14,

    /// <summary>[hashtag key][tweet id] → author: the tweets of this shard that carry a hashtag (see <see cref="Keys.HashtagKey"/>).</summary>
    Hashtag = 15,
}
