using System.Buffers.Binary;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>Reads of committed state. They take no lock: RocksDB reads are safe beside the writer.</summary>
internal sealed partial class Shard
{
    /// <summary>A user record; the returned object may be shared through the cache and must not be changed.</summary>
    public UserRecord? ReadUser(long userId)
    {
        if (UserCache.TryGet(userId, out var cached))
        {
            return cached;
        }

        long stamp = UserCache.Stamp(userId);
        Span<byte> key = stackalloc byte[8];
        Keys.WriteId(key, userId);
        byte[]? bytes = Store.Db.Get(key, Store.Users, _readOptions);
        if (bytes is null)
        {
            return null;
        }

        var user = Serialization.Deserialize<UserRecord>(bytes);
        UserCache.Fill(userId, user, stamp);
        return user;
    }

    public bool UserExists(long userId)
    {
        Span<byte> key = stackalloc byte[8];
        Keys.WriteId(key, userId);
        return Store.Db.HasKey(key, Store.Users, _readOptions);
    }

    public long? ReadUserIdByName(string canonicalUsername)
    {
        byte[]? bytes = Store.Db.Get(Keys.Name(canonicalUsername), Store.Usernames, _readOptions);
        return bytes is null ? null : Keys.ReadInt64Value(bytes);
    }

    public EmailClaim? ReadEmailClaim(string canonicalEmail)
    {
        byte[]? bytes = Store.Db.Get(Keys.Name(canonicalEmail), Store.Emails, _readOptions);
        return bytes is null ? null : Serialization.Deserialize<EmailClaim>(bytes);
    }

    /// <summary>A tweet record; the returned object may be shared through the cache and must not be changed.</summary>
    public TweetRecord? ReadTweet(long tweetId)
    {
        if (TweetCache.TryGet(tweetId, out var cached))
        {
            return cached;
        }

        long stamp = TweetCache.Stamp(tweetId);
        Span<byte> key = stackalloc byte[8];
        Keys.WriteId(key, tweetId);
        byte[]? bytes = Store.Db.Get(key, Store.Tweets, _readOptions);
        if (bytes is null)
        {
            return null;
        }

        var tweet = Serialization.Deserialize<TweetRecord>(bytes);
        TweetCache.Fill(tweetId, tweet, stamp);
        return tweet;
    }

    /// <summary>Reads the three counter slots of an id into <paramref name="counters"/> (zeros when none).</summary>
    public void ReadCounters(long id, Span<long> counters)
    {
        if (CounterCache.TryGet(id, out var cached))
        {
            cached.CopyTo(counters);
            return;
        }

        long stamp = CounterCache.Stamp(id);
        Span<byte> key = stackalloc byte[8];
        Span<byte> value = stackalloc byte[CounterSlot.ValueLength];
        Keys.WriteId(key, id);
        var read = new long[CounterSlot.Count];
        if (Store.Db.GetFixedSizeValue(key, value, Store.Counters, _readOptions))
        {
            for (int slot = 0; slot < CounterSlot.Count; slot++)
            {
                read[slot] = BinaryPrimitives.ReadInt64LittleEndian(value[(slot * 8)..]);
            }
        }

        CounterCache.Fill(id, read, stamp);
        read.CopyTo(counters);
    }

    public long? ReadEdge(EdgeKind kind, long owner, long other)
    {
        Span<byte> key = stackalloc byte[Keys.EdgeKeyLength];
        Keys.WriteEdge(key, kind, owner, other);
        Span<byte> value = stackalloc byte[8];
        return Store.Db.GetFixedSizeValue(key, value, Store.Edges, _readOptions)
            ? BinaryPrimitives.ReadInt64LittleEndian(value)
            : null;
    }

    /// <summary>
    /// Which of <paramref name="sortedOthers"/> (ascending, distinct) have an edge in each of the owner's two lists,
    /// written as flags into <paramref name="inFirst"/> and <paramref name="inSecond"/>. An iterator walks each list from
    /// the smallest id; when it passes several edges between two wanted ids it seeks instead, so a dense list costs about
    /// a seek per wanted id at worst. Much cheaper than a point read per id when most are absent (a reader's likes among
    /// a page of tweets). Both lists share one iterator: opening one costs about as much as a seek.
    /// </summary>
    public void ReadEdgePresence(EdgeKind first, Span<bool> inFirst, EdgeKind second, Span<bool> inSecond, long owner, ReadOnlySpan<long> sortedOthers)
    {
        using var iterator = Store.Db.NewIterator(Store.Edges, _readOptions);
        ReadEdgePresence(iterator, first, owner, sortedOthers, inFirst);
        ReadEdgePresence(iterator, second, owner, sortedOthers, inSecond);
    }

    private static void ReadEdgePresence(Iterator iterator, EdgeKind kind, long owner, ReadOnlySpan<long> sortedOthers, Span<bool> present)
    {
        present.Clear();
        if (sortedOthers.IsEmpty)
        {
            return;
        }

        const int StepsBeforeSeeking = 8;
        iterator.Seek(Keys.Edge(kind, owner, sortedOthers[0]));
        int wanted = 0;
        int steps = 0;
        while (wanted < sortedOthers.Length && iterator.Valid())
        {
            var key = iterator.GetKeySpan();
            if (!IsOwnersEdge(key, kind, owner))
            {
                return;
            }

            long other = Keys.EdgeOther(key);
            while (wanted < sortedOthers.Length && sortedOthers[wanted] < other)
            {
                wanted++;
                steps = 0;
            }

            if (wanted == sortedOthers.Length)
            {
                return;
            }

            if (sortedOthers[wanted] == other)
            {
                present[wanted++] = true;
                steps = 0;
                iterator.Next();
            }
            else if (++steps < StepsBeforeSeeking)
            {
                iterator.Next();
            }
            else
            {
                iterator.Seek(Keys.Edge(kind, owner, sortedOthers[wanted]));
                steps = 0;
            }
        }
    }

    /// <summary>
    /// The edges of one owner's list, highest second id first, with <paramref name="sinceExclusive"/> &lt; id &lt;
    /// <paramref name="maxExclusive"/>.
    /// </summary>
    public List<(long Other, long Value)> ScanDescending(EdgeKind kind, long owner, long? maxExclusive, long? sinceExclusive, int limit)
    {
        var found = new List<(long, long)>(Math.Min(limit, 256));
        long upper = maxExclusive ?? long.MaxValue;
        if (upper <= 0 || limit <= 0)
        {
            return found;
        }

        long lower = sinceExclusive ?? long.MinValue;
        using var iterator = Store.Db.NewIterator(Store.Edges, _readOptions);
        iterator.SeekForPrev(Keys.Edge(kind, owner, maxExclusive is null ? long.MaxValue : upper - 1));
        while (iterator.Valid() && found.Count < limit)
        {
            var key = iterator.GetKeySpan();
            if (!IsOwnersEdge(key, kind, owner))
            {
                break;
            }

            long other = Keys.EdgeOther(key);
            if (other <= lower)
            {
                break;
            }

            found.Add((other, Keys.ReadInt64Value(iterator.GetValueSpan())));
            iterator.Prev();
        }

        return found;
    }

    /// <summary>The edges of one owner's list, lowest second id first, above <paramref name="afterExclusive"/>.</summary>
    public List<(long Other, long Value)> ScanAscending(EdgeKind kind, long owner, long? afterExclusive, int limit)
    {
        using var iterator = Store.Db.NewIterator(Store.Edges, _readOptions);
        return ScanAscending(iterator, kind, owner, afterExclusive, limit);
    }

    /// <summary>
    /// <see cref="ScanAscending(EdgeKind, long, long?, int)"/> with an iterator of the edges the caller keeps over many
    /// scans (it reads the state as of the iterator's creation; creating one per scan costs more than the scan).
    /// </summary>
    public static List<(long Other, long Value)> ScanAscending(Iterator iterator, EdgeKind kind, long owner, long? afterExclusive, int limit)
    {
        var found = new List<(long, long)>(Math.Min(limit, 256));
        long start = afterExclusive is null ? 0 : afterExclusive.Value + 1;
        if (limit <= 0 || afterExclusive == long.MaxValue)
        {
            return found;
        }

        iterator.Seek(Keys.Edge(kind, owner, Math.Max(0, start)));
        while (iterator.Valid() && found.Count < limit)
        {
            var key = iterator.GetKeySpan();
            if (!IsOwnersEdge(key, kind, owner))
            {
                break;
            }

            found.Add((Keys.EdgeOther(key), Keys.ReadInt64Value(iterator.GetValueSpan())));
            iterator.Next();
        }

        return found;
    }

    /// <summary>Walks one owner's list in ascending order of second id from <paramref name="afterExclusive"/>, lazily.</summary>
    public IEnumerable<long> EnumerateAscending(EdgeKind kind, long owner, long? afterExclusive)
    {
        long? cursor = afterExclusive;
        while (true)
        {
            var page = ScanAscending(kind, owner, cursor, 512);
            foreach (var (other, _) in page)
            {
                yield return other;
            }

            if (page.Count < 512)
            {
                yield break;
            }

            cursor = page[^1].Other;
        }
    }

    /// <summary>The stored versions numbered <paramref name="from"/> up to <paramref name="end"/> (exclusive).</summary>
    public List<TweetVersionRecord> ReadVersions(long tweetId, int from, int end)
    {
        var versions = new List<TweetVersionRecord>(Math.Max(0, end - from));
        for (int version = from; version < end; version++)
        {
            byte[]? bytes = Store.Db.Get(Keys.TweetVersion(tweetId, version), Store.Versions, _readOptions);
            if (bytes is not null)
            {
                versions.Add(Serialization.Deserialize<TweetVersionRecord>(bytes));
            }
        }

        return versions;
    }

    /// <summary>The authors listed here with entries not fanned out, each with the newest such entry.</summary>
    public List<(long AuthorId, long NewestUnfanned)> ReadPullAuthors()
    {
        var authors = new List<(long, long)>();
        using var iterator = Store.Db.NewIterator(Store.Edges, _readOptions);
        for (iterator.Seek([(byte)EdgeKind.PullAuthor]); iterator.Valid(); iterator.Next())
        {
            var key = iterator.GetKeySpan();
            if (key.Length != Keys.EdgeKeyLength || key[0] != (byte)EdgeKind.PullAuthor)
            {
                break;
            }

            authors.Add((BinaryPrimitives.ReadInt64BigEndian(key[1..]), Keys.ReadInt64Value(iterator.GetValueSpan())));
        }

        return authors;
    }

    private static bool IsOwnersEdge(ReadOnlySpan<byte> key, EdgeKind kind, long owner) =>
        key.Length == Keys.EdgeKeyLength && key[0] == (byte)kind && BinaryPrimitives.ReadInt64BigEndian(key[1..]) == owner;
}
