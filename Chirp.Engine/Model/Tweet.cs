namespace Chirp.Engine;

/// <summary>A tweet, reply or retweet entry, ready to show, with its counts.</summary>
/// <param name="Id">The tweet id; its time is the creation time and its shard bits name the owning shard.</param>
/// <param name="AuthorId">Who wrote it (for a retweet entry: who retweeted).</param>
/// <param name="Text">The text, NFC-normalized (empty for a retweet entry).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="EditedAt">When it was last edited, if ever.</param>
/// <param name="InReplyToId">For a reply, the parent tweet.</param>
/// <param name="InReplyToAuthorId">For a reply, the parent's author.</param>
/// <param name="RetweetOfId">For a retweet entry, the original tweet.</param>
/// <param name="MediaIds">Attached media ids.</param>
/// <param name="Hashtags">Hashtags in the text, lower-cased, without '#'.</param>
/// <param name="Mentions">Usernames mentioned in the text, lower-cased, without '@'.</param>
/// <param name="ReplyCount">Replies to it.</param>
/// <param name="LikeCount">Likes of it.</param>
/// <param name="RetweetCount">Retweets of it.</param>
/// <param name="EditCount">How many times it was edited; <see cref="ChirpEngine.GetEditHistory(long)"/> returns the earlier versions.</param>
public sealed record Tweet(
    long Id,
    long AuthorId,
    string Text,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    long? InReplyToId,
    long? InReplyToAuthorId,
    long? RetweetOfId,
    IReadOnlyList<long> MediaIds,
    IReadOnlyList<string> Hashtags,
    IReadOnlyList<string> Mentions,
    long ReplyCount,
    long LikeCount,
    long RetweetCount,
    int EditCount)
{
    /// <summary>True for a retweet entry (see <see cref="RetweetOfId"/>).</summary>
    public bool IsRetweet => RetweetOfId is not null;
}
