namespace Chirp.Bench.Workload.Redis;

/// <summary>One hydrated entry of a home timeline page read from Redis.</summary>
/// <param name="Entry">The entry's number: the post, or the retweet.</param>
/// <param name="Post">The post shown: the entry itself, or the retweeted original.</param>
/// <param name="Author">The shown post's author (user number).</param>
/// <param name="AuthorName">The shown post's author's name.</param>
/// <param name="Text">The shown post's text.</param>
/// <param name="Likes">The shown post's like count.</param>
/// <param name="Retweets">The shown post's retweet count.</param>
/// <param name="Liked">Whether the reader liked the shown post.</param>
/// <param name="RetweetedBy">For a retweet, the retweeter's name; null for a post.</param>
public readonly record struct RedisHomeItem(
    long Entry, long Post, int Author, string AuthorName, string Text, long Likes, long Retweets, bool Liked, string? RetweetedBy);
