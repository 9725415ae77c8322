namespace Chirp.Bench.Workload;

/// <summary>One hydrated entry of a PostgreSQL home timeline or search page, as an application would render it.</summary>
/// <param name="Id">The post's or retweet's number.</param>
/// <param name="Username">Who posted it (for a retweet: who retweeted).</param>
/// <param name="Text">The text shown: the post's, or for a retweet the original's.</param>
/// <param name="Likes">Likes of the post (of the original, for a retweet).</param>
/// <param name="Reblogs">Retweets of the post (of the original, for a retweet).</param>
/// <param name="Liked">Whether the reader likes the post (the original, for a retweet); false in search results, which have no reader.</param>
/// <param name="ReblogOf">For a retweet, the original's number; otherwise null.</param>
/// <param name="ReblogOfUsername">For a retweet, the original's author; otherwise null.</param>
public sealed record PostgresPostView(
    long Id,
    string Username,
    string Text,
    int Likes,
    int Reblogs,
    bool Liked,
    long? ReblogOf,
    string? ReblogOfUsername);
