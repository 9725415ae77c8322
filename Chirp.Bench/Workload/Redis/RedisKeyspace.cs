using System.Globalization;
using StackExchange.Redis;

namespace Chirp.Bench.Workload.Redis;

/// <summary>
/// The key names of <see cref="RedisSystem"/>'s data model, built straight into UTF-8 bytes. The home-timeline keys,
/// which fanout writes thousands of per post, are built once per user.
/// </summary>
internal sealed class RedisKeyspace
{
    /// <summary>The pattern that matches every home timeline (for SCAN).</summary>
    public const string HomePattern = "home:*";

    private readonly RedisKey[] _home;

    public RedisKeyspace(int userCount)
    {
        _home = new RedisKey[userCount];
        for (int u = 0; u < userCount; u++)
        {
            _home[u] = Build("home:"u8, u);
        }
    }

    /// <summary><c>home:{u}</c>: the user's home timeline (ZSET).</summary>
    public RedisKey Home(int user) => (uint)user < (uint)_home.Length ? _home[user] : Build("home:"u8, user);

    /// <summary><c>user:{u}</c>: the user's profile (hash: n = name).</summary>
    /// <summary>The set of authors whose posts are pulled at read time instead of fanned out.</summary>
    public static readonly RedisKey Celebrities = "celebrities";

    public static RedisKey User(int user) => Build("user:"u8, user);

    /// <summary><c>following:{u}</c>: whom the user follows (SET of user numbers).</summary>
    public static RedisKey Following(int user) => Build("following:"u8, user);

    /// <summary><c>followers:{u}</c>: who follows the user (SET of user numbers).</summary>
    public static RedisKey Followers(int user) => Build("followers:"u8, user);

    /// <summary><c>posts:{u}</c>: the user's own posts and retweets (ZSET, same members as the home timelines).</summary>
    public static RedisKey Posts(int user) => Build("posts:"u8, user);

    /// <summary><c>likes:{u}</c>: post numbers the user liked (SET).</summary>
    public static RedisKey Likes(int user) => Build("likes:"u8, user);

    /// <summary><c>post:{n}</c>: a post or retweet (hash).</summary>
    public static RedisKey Post(long post) => Build("post:"u8, post);

    private static RedisKey Build(ReadOnlySpan<byte> prefix, long number)
    {
        Span<byte> digits = stackalloc byte[20];
        if (!number.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A key number did not fit 20 digits.");
        }

        byte[] key = new byte[prefix.Length + written];
        prefix.CopyTo(key);
        digits[..written].CopyTo(key.AsSpan(prefix.Length));
        return key;
    }
}
