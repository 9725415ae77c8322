namespace Chirp.Engine;

/// <summary>
/// How to open a <see cref="ChirpEngine"/>. Immutable; every setter validates, so an options object that exists is valid.
/// Start from <see cref="ForPath(string)"/> and change what you need with <c>with</c>.
/// </summary>
public sealed partial record ChirpEngineOptions
{
    /// <summary>The largest shard count: ids carry the shard in 10 bits.</summary>
    public const int MaxShardCount = 1024;

    private readonly string _path = "";
    private readonly int _shardCount = 4;
    private readonly int _celebrityThreshold = 10_000;
    private readonly int _timelineCapacity = 800;
    private readonly TimeSpan _inactiveAfter = TimeSpan.FromDays(7);
    private readonly int _maxWriteGroup = 256;
    private readonly long _blockCacheBytes = 256L * 1024 * 1024;
    private readonly TimeSpan _outboxRetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly TimeSpan _outboxMaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _requestRetention = TimeSpan.FromDays(1);
    private readonly long _changeFeedRetention = 100_000;
    private readonly long _timelineMemoryBytes = 1L << 30;
    private readonly int _expectedActiveUsers = 1_000_000;
    private readonly int _readCacheEntries = 1_000_000;
    private readonly TimeSpan _searchRefreshInterval = TimeSpan.FromMilliseconds(250);
    private readonly TimeSpan _searchCommitInterval = TimeSpan.FromSeconds(5);
    private readonly DamageRecovery _damageRecovery = DamageRecovery.Refuse;

    /// <summary>Options for a data directory, with defaults that serve a single machine.</summary>
    public static ChirpEngineOptions ForPath(string path) => new() { Path = path };

    /// <summary>The data directory. Created if missing.</summary>
    public string Path
    {
        get => _path;
        init => _path = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("The data directory path must not be empty.", nameof(Path))
            : value;
    }

    /// <summary>Number of shards (1 to 1024), fixed when the directory is created. Default 4.</summary>
    public int ShardCount
    {
        get => _shardCount;
        init => _shardCount = value is >= 1 and <= MaxShardCount
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ShardCount), value, $"Shard count must be between 1 and {MaxShardCount}.");
    }

    /// <summary>Authors with at least this many followers are not fanned out on write. Default 10,000.</summary>
    public int CelebrityThreshold
    {
        get => _celebrityThreshold;
        init => _celebrityThreshold = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CelebrityThreshold), value, "The celebrity threshold must be at least 1.");
    }

    /// <summary>Entries kept per home timeline (10 to 100,000). Default 800.</summary>
    public int TimelineCapacity
    {
        get => _timelineCapacity;
        init => _timelineCapacity = value is >= 10 and <= 100_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimelineCapacity), value, "Timeline capacity must be between 10 and 100,000.");
    }

    /// <summary>A user with no timeline read for this long is skipped by fanout. Default 7 days.</summary>
    public TimeSpan InactiveAfter
    {
        get => _inactiveAfter;
        init => _inactiveAfter = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(InactiveAfter), value, "The inactivity period must be positive.");
    }

    /// <summary>
    /// When true, a write is acknowledged only after its WAL record is fsync'd. Concurrent writes to a shard share one
    /// fsync (group commit). When false (the default), a write is acknowledged after the WAL write reaches the OS, which
    /// survives a process crash (kill -9) but not a power loss.
    /// </summary>
    public bool SyncWrites { get; init; }

    /// <summary>The most commands a shard applies in one RocksDB write batch (1 to 65,536). Default 256.</summary>
    public int MaxWriteGroup
    {
        get => _maxWriteGroup;
        init => _maxWriteGroup = value is >= 1 and <= 65_536
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxWriteGroup), value, "The write group must be between 1 and 65,536 commands.");
    }

    /// <summary>Bytes of RocksDB block cache shared by all shards (at least 1 MiB). Default 256 MiB.</summary>
    public long BlockCacheBytes
    {
        get => _blockCacheBytes;
        init => _blockCacheBytes = value >= 1024 * 1024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BlockCacheBytes), value, "The block cache must be at least 1 MiB.");
    }

    /// <summary>First delay before an outbox message that failed for a transient reason is retried. Default 200 ms.</summary>
    public TimeSpan OutboxRetryDelay
    {
        get => _outboxRetryDelay;
        init => _outboxRetryDelay = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OutboxRetryDelay), value, "The retry delay must be positive.");
    }

    /// <summary>The longest delay between retries of an outbox message (the backoff doubles up to it). Default 30 s.</summary>
    public TimeSpan OutboxMaxRetryDelay
    {
        get => _outboxMaxRetryDelay;
        init => _outboxMaxRetryDelay = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OutboxMaxRetryDelay), value, "The maximum retry delay must be positive.");
    }

    /// <summary>
    /// How long a request id is remembered after it was applied (at least one minute). A retry with the same request id
    /// within this window returns the first result; after it, the request is applied again. Default one day.
    /// </summary>
    public TimeSpan RequestRetention
    {
        get => _requestRetention;
        init => _requestRetention = value >= TimeSpan.FromMinutes(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(RequestRetention), value, "Request ids must be kept for at least a minute.");
    }

    /// <summary>
    /// How many of the newest change-feed entries each shard keeps for readers of
    /// <see cref="ChirpEngine.ReadChanges"/> (0 to 1,000,000,000). Older entries are trimmed once fanout and search no
    /// longer need them (every maintenance pass, about every ten minutes); a read below the trimmed part fails with
    /// <see cref="ChirpErrorCode.FeedTrimmed"/>. Default 100,000 per shard: a consumer that falls that far behind starts
    /// over from the records.
    /// </summary>
    public long ChangeFeedRetention
    {
        get => _changeFeedRetention;
        init => _changeFeedRetention = value is >= 0 and <= 1_000_000_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ChangeFeedRetention), value, "Keep 0 to 1,000,000,000 change-feed entries per shard.");
    }

    /// <summary>
    /// Memory for home timelines (16 MiB to 1 TiB; rounded down to a power of two). Beyond it, the least recently
    /// written timelines spill to a temporary file and are slower to read. Default 1 GiB.
    /// </summary>
    public long TimelineMemoryBytes
    {
        get => _timelineMemoryBytes;
        init => _timelineMemoryBytes = value is >= 16L << 20 and <= 1L << 40
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimelineMemoryBytes), value, "Timeline memory must be between 16 MiB and 1 TiB.");
    }

    /// <summary>
    /// How many users are expected to read their home timeline within <see cref="InactiveAfter"/> (1,000 to
    /// 1,000,000,000); sizes the timeline hash index, which does not grow. Default 1,000,000.
    /// </summary>
    public int ExpectedActiveUsers
    {
        get => _expectedActiveUsers;
        init => _expectedActiveUsers = value is >= 1_000 and <= 1_000_000_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ExpectedActiveUsers), value, "Expected active users must be between 1,000 and 1,000,000,000.");
    }

    /// <summary>
    /// Tweet records and counters kept in memory for hot reads such as timeline hydration (0 to 100,000,000; 0
    /// disables the cache), split over the shards; a quarter as many user records. The cache is kept coherent with
    /// writes. Default 400,000.
    /// </summary>
    public int ReadCacheEntries
    {
        get => _readCacheEntries;
        init => _readCacheEntries = value is >= 0 and <= 100_000_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ReadCacheEntries), value, "Read cache entries must be between 0 and 100,000,000.");
    }

    /// <summary>
    /// Whether the engine keeps the search index (default true). Indexing takes CPU from writes: on two cores, tweet
    /// creates run several times faster without it. When false, no index is kept and the search calls fail with
    /// <see cref="ChirpErrorCode.Disabled"/>; turned on again later, the index catches up from the change feed.
    /// </summary>
    public bool IndexForSearch { get; init; } = true;

    /// <summary>
    /// How often, under a steady write load, new tweets become searchable (1 ms to 1 minute). A quiet index refreshes
    /// as soon as a change arrives. Shorter means fresher results but costs CPU: a refresh writes a small index segment
    /// and opens it, and more segments mean more merging. Default 250 ms, which keeps the index lag under 0.4 s at p99
    /// at 2,000 tweets/s on two cores.
    /// </summary>
    public TimeSpan SearchRefreshInterval
    {
        get => _searchRefreshInterval;
        init => _searchRefreshInterval = value >= TimeSpan.FromMilliseconds(1) && value <= TimeSpan.FromMinutes(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SearchRefreshInterval), value, "The search refresh interval must be between 1 ms and 1 minute.");
    }

    /// <summary>
    /// How often the search index is committed to disk with its change-feed position (100 ms to 1 hour). After a crash,
    /// indexing replays the changes since the last commit; shorter means less replay and more fsyncs. Default 5 s.
    /// </summary>
    public TimeSpan SearchCommitInterval
    {
        get => _searchCommitInterval;
        init => _searchCommitInterval = value >= TimeSpan.FromMilliseconds(100) && value <= TimeSpan.FromHours(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SearchCommitInterval), value, "The search commit interval must be between 100 ms and 1 hour.");
    }

    /// <summary>
    /// What opening does with a shard whose write-ahead log or table files fail their checksums. Default
    /// <see cref="DamageRecovery.Refuse"/>: <see cref="ChirpEngine.Open"/> throws a <see cref="ChirpException"/> with
    /// <see cref="ChirpErrorCode.StorageDamaged"/> naming the shard and the file. An incomplete last log record (a torn
    /// tail after a power cut) is not damage: it is dropped and reported to <see cref="OnStorageRecovery"/> either way.
    /// </summary>
    public DamageRecovery DamageRecovery
    {
        get => _damageRecovery;
        init => _damageRecovery = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DamageRecovery), value, "Unknown damage recovery.");
    }

    /// <summary>
    /// Told of each repair made while opening a shard: a torn log tail (nothing acknowledged lost: a warning), or under
    /// <see cref="DamageRecovery.RecoverToLastConsistentPoint"/> what was dropped (an error). Called before
    /// <see cref="ChirpEngine.Open"/> returns. Default: none (the repair is not reported).
    /// </summary>
    public Action<StorageRecovery>? OnStorageRecovery { get; init; }

    /// <summary>
    /// The replicated log under the shards (a cluster node's Raft groups), or null (the default) for a single node that
    /// applies each write as it is prepared. See <see cref="Replication.IShardReplication"/>.
    /// </summary>
    public Replication.IShardReplication? Replication { get; init; }

    /// <summary>The clock the engine reads for ids and timestamps. Replace it in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Told of each failure that <see cref="ChirpEngine.Dispose"/> survives instead of throwing: a search index that
    /// could not be committed or closed (on a full disk, say), which the next open brings up to date from the change
    /// feed. The close goes on and the databases close cleanly. Default: none (the failure is not reported).
    /// </summary>
    public Action<Exception>? OnCloseFailure { get; init; }
}
