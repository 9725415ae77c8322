namespace Chirp.Engine;

/// <summary>An account as stored, with its counts.</summary>
/// <param name="Id">The account id (a Snowflake id minted by the account's shard).</param>
/// <param name="Username">The username as chosen; unique ignoring case.</param>
/// <param name="Email">The e-mail address, lower-cased; unique.</param>
/// <param name="DisplayName">The display name (may be empty).</param>
/// <param name="Bio">The bio (may be empty).</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="LastActiveAt">When the account was last recorded active, if ever.</param>
/// <param name="FollowersCount">Accounts following this one.</param>
/// <param name="FollowingCount">Accounts this one follows.</param>
/// <param name="TweetsCount">Tweets, replies and retweets of this account.</param>
public sealed record Account(
    long Id,
    string Username,
    string Email,
    string DisplayName,
    string Bio,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastActiveAt,
    long FollowersCount,
    long FollowingCount,
    long TweetsCount);
