namespace Chirp.Engine.Storage;

/// <summary>
/// Counters are kept per id as three little-endian int64 slots in one value, so one read returns all of them.
/// For a tweet the slots are replies, likes, retweets; for a user followers, following, tweets.
/// The slot numbers are part of the on-disk format.
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
}
