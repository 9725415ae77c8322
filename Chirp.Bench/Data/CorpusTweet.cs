namespace Chirp.Bench.Data;

/// <summary>One row of the tweet corpus.</summary>
/// <param name="Id">The original Twitter status id.</param>
/// <param name="Author">The original screen name (real people: never show it in anything user-facing).</param>
/// <param name="CreatedAt">When it was posted, if the source has a timestamp.</param>
/// <param name="Text">The tweet text (HTML entities left as in the source).</param>
public sealed record CorpusTweet(long Id, string Author, DateTimeOffset? CreatedAt, string Text);
