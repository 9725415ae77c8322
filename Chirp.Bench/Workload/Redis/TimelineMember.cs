using System.Globalization;
using StackExchange.Redis;

namespace Chirp.Bench.Workload.Redis;

/// <summary>
/// One member of a home timeline or of an author's post list: <c>"n"</c> for post n, <c>"r:o"</c> for retweet r of
/// post o. The score is always the entry's own number (n or r). Carrying the original in a retweet's member (as
/// Twitter's Redis timelines carried the retweet's source id) lets a read hydrate the page in a single round.
/// </summary>
/// <param name="Entry">The post or retweet number (the score).</param>
/// <param name="Original">For a retweet, the post it retweets; 0 for a post.</param>
internal readonly record struct TimelineMember(long Entry, long Original)
{
    public bool IsRetweet => Original != 0;

    /// <summary>The post whose text and counts the entry shows (the original for a retweet).</summary>
    public long Content => IsRetweet ? Original : Entry;

    public RedisValue ToValue() => IsRetweet
        ? string.Create(CultureInfo.InvariantCulture, $"{Entry}:{Original}")
        : (RedisValue)Entry;

    public static TimelineMember Parse(RedisValue value)
    {
        if (value.TryParse(out long post))
        {
            return new TimelineMember(post, 0);
        }

        string text = value.ToString();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out long entry)
            && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long original)
            ? new TimelineMember(entry, original)
            : throw new FormatException($"'{text}' is not a timeline member.");
    }
}
