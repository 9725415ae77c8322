namespace Chirp.Engine.Tests.Timelines;

/// <summary>A tweet, reply or retweet entry as the home-timeline model sees it.</summary>
/// <param name="Id">The engine's id.</param>
/// <param name="Author">The author, or the retweeter for a retweet entry.</param>
/// <param name="Parent">The tweet a reply answers (0 for none).</param>
/// <param name="ParentAuthor">The author of <paramref name="Parent"/> when the reply was made (0 for none).</param>
/// <param name="RetweetOf">The original a retweet entry stands for (0 for none).</param>
public sealed record HomeTimelineModelTweet(long Id, long Author, long Parent, long ParentAuthor, long RetweetOf)
{
    /// <summary>Deleted, or for a retweet entry, undone.</summary>
    public bool Deleted { get; set; }

    public bool IsRetweet => RetweetOf != 0;

    public bool IsReply => Parent != 0;

    /// <summary>What a reader would see: the original for a retweet entry, the tweet itself otherwise.</summary>
    public long Key => IsRetweet ? RetweetOf : Id;
}
