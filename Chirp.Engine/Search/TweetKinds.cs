namespace Chirp.Engine.Search;

/// <summary>The kinds of tweet a query accepts.</summary>
[Flags]
internal enum TweetKinds
{
    None = 0,
    Post = 1,
    Reply = 2,
    Retweet = 4,
}
