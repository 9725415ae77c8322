namespace Chirp.Engine;

/// <summary>
/// One entry of a home timeline, ready to show. For a retweet, <see cref="Tweet"/> is the retweet entry (by
/// <see cref="Author"/>, the retweeter) and <see cref="Original"/> the tweet retweeted; the reader flags refer to the
/// tweet shown, which is the original for a retweet.
/// </summary>
/// <param name="Tweet">The entry: a tweet, a reply, or a retweet entry. Its id is the paging cursor.</param>
/// <param name="Author">The entry's author (the retweeter for a retweet).</param>
/// <param name="Original">The retweeted tweet, for a retweet; null otherwise.</param>
/// <param name="OriginalAuthor">The retweeted tweet's author, for a retweet; null otherwise.</param>
/// <param name="LikedByReader">Whether the reader likes the tweet shown.</param>
/// <param name="RetweetedByReader">Whether the reader has retweeted the tweet shown.</param>
public sealed record TimelineItem(
    Tweet Tweet,
    Account Author,
    Tweet? Original,
    Account? OriginalAuthor,
    bool LikedByReader,
    bool RetweetedByReader);
