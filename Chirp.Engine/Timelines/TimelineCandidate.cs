using Chirp.Engine.Storage;

namespace Chirp.Engine.Timelines;

/// <summary>
/// A timeline entry that passed the filters (live, and a reply the reader should see), with its records. The key is
/// the tweet a reader would see: the original for a retweet, the tweet itself otherwise.
/// </summary>
internal readonly record struct TimelineCandidate(TweetRecord Tweet, TweetRecord? Original)
{
    public long Id => Tweet.Id;

    public long Key => Original?.Id ?? Tweet.Id;

    public bool IsRetweet => Original is not null;
}
