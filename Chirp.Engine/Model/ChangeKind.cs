namespace Chirp.Engine;

/// <summary>What a change-feed entry records.</summary>
public enum ChangeKind
{
    /// <summary>An account was created. Subject: the account.</summary>
    AccountCreated,

    /// <summary>A profile changed. Subject: the account.</summary>
    ProfileUpdated,

    /// <summary>A tweet or reply was created. Subject: the tweet; actor: the author; target: the parent, if a reply.</summary>
    TweetCreated,

    /// <summary>A tweet was edited. Subject: the tweet.</summary>
    TweetEdited,

    /// <summary>A tweet was deleted. Subject: the tweet.</summary>
    TweetDeleted,

    /// <summary>An entry was added to an author's own list. Subject: the tweet; actor: the author.</summary>
    AuthoredAdded,

    /// <summary>An entry was removed from an author's own list. Subject: the tweet; actor: the author.</summary>
    AuthoredRemoved,

    /// <summary>A user liked a tweet (user side). Subject: the tweet; actor: the user.</summary>
    Liked,

    /// <summary>A user's like was removed (user side).</summary>
    Unliked,

    /// <summary>A like reached the tweet's side.</summary>
    LikerAdded,

    /// <summary>A like was removed from the tweet's side.</summary>
    LikerRemoved,

    /// <summary>A user retweeted. Subject: the retweet entry; actor: the user; target: the original.</summary>
    Retweeted,

    /// <summary>A retweet was undone. Subject: the retweet entry; actor: the user; target: the original.</summary>
    RetweetUndone,

    /// <summary>A retweet reached the original's side.</summary>
    RetweeterAdded,

    /// <summary>A retweet was removed from the original's side.</summary>
    RetweeterRemoved,

    /// <summary>A follow (follower side). Subject: the followee; actor: the follower.</summary>
    Followed,

    /// <summary>An unfollow (follower side). Subject: the followee; actor: the follower.</summary>
    Unfollowed,

    /// <summary>A follow reached the followee's side.</summary>
    FollowerAdded,

    /// <summary>An unfollow reached the followee's side.</summary>
    FollowerRemoved,
}
