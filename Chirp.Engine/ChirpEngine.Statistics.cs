using System.Globalization;
using Chirp.Engine.Sharding;

namespace Chirp.Engine;

/// <summary>Storage and cache numbers, for the server's metrics, and the counts instance statistics report.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>
    /// The accounts and statuses the engine holds, exact as of the last applied write. Each shard keeps its totals in
    /// the same batch as the writes they count, so this reads one value per shard (usually from cache), never a scan.
    /// </summary>
    public ContentCounts GetCounts()
    {
        using var pass = _gate.Enter();
        long accounts = 0;
        long statuses = 0;
        foreach (var shard in _shards)
        {
            var totals = shard.ReadTotals();
            accounts += totals.Accounts;
            statuses += totals.Statuses;
        }

        return new ContentCounts(accounts, statuses);
    }

    /// <summary>
    /// How many write groups the shards failed to apply since the engine opened (a bug or a storage error, not a
    /// refusal): each was dropped whole, its callers got <see cref="ChirpErrorCode.ShardFailed"/>, and its shard
    /// restarted from its last applied entry.
    /// </summary>
    public long GetShardFailureCount()
    {
        using var pass = _gate.Enter();
        return _shards.Sum(shard => shard.ApplyFailures);
    }

    /// <summary>Each shard's RocksDB sizes and compaction state.</summary>
    public IReadOnlyList<ShardStorageStatistics> GetStorageStatistics()
    {
        using var pass = _gate.Enter();
        return [.. _shards.Select(shard => new ShardStorageStatistics(
            shard.Id,
            Sum(shard, "rocksdb.estimate-live-data-size"),
            Sum(shard, "rocksdb.total-sst-files-size"),
            Sum(shard, "rocksdb.cur-size-all-mem-tables"),
            Sum(shard, "rocksdb.estimate-pending-compaction-bytes"),
            (int)Property(shard, "rocksdb.num-running-compactions", null)))];
    }

    /// <summary>The bytes a shard's change feed takes: its table files and its part of the memtables.</summary>
    internal long GetChangeFeedBytes(int shard)
    {
        using var pass = _gate.Enter();
        var owner = RequireShardIndex(shard);
        return Property(owner, "rocksdb.total-sst-files-size", owner.Store.Changes) + Property(owner, "rocksdb.cur-size-all-mem-tables", owner.Store.Changes);
    }

    /// <summary>Hits and misses of the read caches, summed over the shards.</summary>
    public IReadOnlyList<CacheStatistics> GetCacheStatistics() =>
    [
        new("tweets", _shards.Sum(s => s.TweetCache.Hits), _shards.Sum(s => s.TweetCache.Misses)),
        new("users", _shards.Sum(s => s.UserCache.Hits), _shards.Sum(s => s.UserCache.Misses)),
        new("counters", _shards.Sum(s => s.CounterCache.Hits), _shards.Sum(s => s.CounterCache.Misses)),
        new("follower_lists", _shards.Sum(s => s.FollowerListCache.Hits), _shards.Sum(s => s.FollowerListCache.Misses)),
        new("followed_pull_authors", _shards.Sum(s => s.FollowedPullAuthorsCache.Hits), _shards.Sum(s => s.FollowedPullAuthorsCache.Misses)),
    ];

    private static long Sum(Shard shard, string property) =>
        shard.Store.Families.Sum(family => Property(shard, property, family));

    private static long Property(Shard shard, string property, RocksDbSharp.ColumnFamilyHandle? family)
    {
        string? value = family is null ? shard.Store.Db.GetProperty(property) : shard.Store.Db.GetProperty(property, family);
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) ? parsed : 0;
    }
}
