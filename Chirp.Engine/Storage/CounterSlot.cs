namespace Chirp.Engine.Storage;

/// <summary>
/// Counters are kept per id as three little-endian int64 slots in one value, so one read returns all of them.
/// For a tweet the slots are replies, likes, retweets; for a user followers, following, tweets; for the shard's
/// totals, kept under <see cref="TotalsId"/>, accounts and statuses. The slot numbers are part of the on-disk format.
/// </summary>
internal static class CounterSlot
{
    public const int Count = 3;
    public const int ValueLength = Count * 8;

    public const int Replies = 0;
    public const int Likes = 1;
    public const int Retweets = 2;

    public const int Followers = 0;
    public const int Following = 1;
    public const int Tweets = 2;

    /// <summary>The id the shard's totals are kept under: no account or tweet has it, as all their ids are positive.</summary>
    public const long TotalsId = -1;

    /// <summary>Accounts on the shard.</summary>
    public const int Accounts = 0;

    /// <summary>The sum of the tweets counters of the shard's accounts (tweets, replies and retweet entries).</summary>
    public const int Statuses = 1;
}
