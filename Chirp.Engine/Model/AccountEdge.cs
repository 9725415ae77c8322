namespace Chirp.Engine;

/// <summary>An account in a list of followers, followees, likers or retweeters.</summary>
/// <param name="UserId">The account.</param>
/// <param name="At">When the edge was made (followed, liked, retweeted).</param>
/// <param name="Cursor">The edge id: a stable cursor for paging.</param>
public sealed record AccountEdge(long UserId, DateTimeOffset At, long Cursor);
