namespace Chirp.Engine;

/// <summary>How much the engine holds, as instance statistics report it.</summary>
/// <param name="Accounts">Accounts.</param>
/// <param name="Statuses">
/// The sum of every account's <see cref="Account.TweetsCount"/>: live tweets, replies and retweets, as Mastodon counts
/// an instance's statuses.
/// </param>
public sealed record ContentCounts(long Accounts, long Statuses);
