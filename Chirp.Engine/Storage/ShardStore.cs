using System.Text;
using RocksDbSharp;

namespace Chirp.Engine.Storage;

/// <summary>
/// One shard's RocksDB database and its column families. The layout (names, key encodings in <see cref="Keys"/>,
/// MessagePack records) is format version <see cref="FormatVersion"/>; a database of another version is refused.
/// </summary>
internal sealed class ShardStore : IDisposable
{
    public const int FormatVersion = 1;

    internal static readonly byte[] FormatVersionKey = Encoding.ASCII.GetBytes("format_version");
    internal static readonly byte[] ShardIdKey = Encoding.ASCII.GetBytes("shard_id");
    internal static readonly byte[] AppliedPositionKey = Encoding.ASCII.GetBytes("applied_position");
    internal static readonly byte[] MaxIdKey = Encoding.ASCII.GetBytes("max_id");

    private static readonly string[] FamilyNames =
        ["meta", "users", "usernames", "emails", "tweets", "versions", "edges", "counters", "changes", "outbox", "dead_letters", "requests", "requests_by_time"];

    private ShardStore(RocksDb db)
    {
        Db = db;
        Meta = db.GetColumnFamily("meta");
        Users = db.GetColumnFamily("users");
        Usernames = db.GetColumnFamily("usernames");
        Emails = db.GetColumnFamily("emails");
        Tweets = db.GetColumnFamily("tweets");
        Versions = db.GetColumnFamily("versions");
        Edges = db.GetColumnFamily("edges");
        Counters = db.GetColumnFamily("counters");
        Changes = db.GetColumnFamily("changes");
        Outbox = db.GetColumnFamily("outbox");
        DeadLetters = db.GetColumnFamily("dead_letters");
        Requests = db.GetColumnFamily("requests");
        RequestsByTime = db.GetColumnFamily("requests_by_time");
    }

    public RocksDb Db { get; }
    public ColumnFamilyHandle Meta { get; }
    public ColumnFamilyHandle Users { get; }
    public ColumnFamilyHandle Usernames { get; }
    public ColumnFamilyHandle Emails { get; }
    public ColumnFamilyHandle Tweets { get; }
    public ColumnFamilyHandle Versions { get; }
    public ColumnFamilyHandle Edges { get; }
    public ColumnFamilyHandle Counters { get; }
    public ColumnFamilyHandle Changes { get; }
    public ColumnFamilyHandle Outbox { get; }
    public ColumnFamilyHandle DeadLetters { get; }
    public ColumnFamilyHandle Requests { get; }
    public ColumnFamilyHandle RequestsByTime { get; }

    /// <summary>Every column family, for statistics summed over them.</summary>
    public IEnumerable<ColumnFamilyHandle> Families =>
        [Meta, Users, Usernames, Emails, Tweets, Versions, Edges, Counters, Changes, Outbox, DeadLetters, Requests, RequestsByTime];

    /// <summary>
    /// Opens (or creates) a shard's database. Damage is refused or recovered as <paramref name="recovery"/> says (see
    /// <see cref="DamageAwareRocksDb"/>); each repair is reported to <paramref name="onRecovery"/> with the shard's
    /// applied position and highest id after it.
    /// </summary>
    public static ShardStore Open(string path, int shardId, Cache blockCache, DamageRecovery recovery = DamageRecovery.Refuse, Action<StorageRecovery>? onRecovery = null)
    {
        bool isNew = !Directory.Exists(path) || !File.Exists(System.IO.Path.Combine(path, "CURRENT"));
        var table = new BlockBasedTableOptions()
            .SetBlockCache(blockCache)
            .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true)
            .SetFormatVersion(5);
        var family = new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetCompression(Compression.Lz4)
            .SetWriteBufferSize(32UL * 1024 * 1024);
        var families = new ColumnFamilies(family);
        foreach (string name in FamilyNames)
        {
            families.Add(name, family);
        }

        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .SetKeepLogFileNum(2)
            .SetMaxTotalWalSize(256UL * 1024 * 1024)
            .SetMaxBackgroundCompactions(2)
            .SetMaxBackgroundFlushes(1);

        var recoveries = new List<StorageRecovery>();
        var store = new ShardStore(DamageAwareRocksDb.Open(options, path, families, $"shard {shardId} ({path})", recovery, recoveries.Add));
        try
        {
            // Recovery that dropped the whole log, the format record with it, leaves a shard as empty as a new one.
            store.CheckFormat(isNew || (recoveries.Any(repair => repair.LostAcknowledgedData) && store.IsEmpty()), shardId);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        foreach (var repair in recoveries)
        {
            onRecovery?.Invoke(repair.LostAcknowledgedData
                ? new StorageRecovery(repair.Database, repair.Kind, $"{repair.Message} The shard's applied position is now {store.ReadMetaInt64(AppliedPositionKey)} and its highest id {store.ReadMetaInt64(MaxIdKey)}.")
                : repair);
        }

        return store;
    }

    private void CheckFormat(bool isNew, int shardId)
    {
        byte[]? stored = Db.Get(FormatVersionKey, Meta);
        if (stored is null)
        {
            if (!isNew)
            {
                throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"The shard database at {Db.Path} has no Chirp format version; it was not written by Chirp.");
            }

            using var batch = new WriteBatch();
            batch.Put(FormatVersionKey, Keys.Int64Value(FormatVersion), Meta);
            batch.Put(ShardIdKey, Keys.Int64Value(shardId), Meta);
            Db.Write(batch, new WriteOptions().SetSync(true));
            return;
        }

        long version = Keys.ReadInt64Value(stored);
        if (version != FormatVersion)
        {
            throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"The shard database at {Db.Path} has format version {version}; this Chirp reads version {FormatVersion}.");
        }

        long storedShard = Keys.ReadInt64Value(Db.Get(ShardIdKey, Meta));
        if (storedShard != shardId)
        {
            throw new ChirpException(ChirpErrorCode.OptionsMismatch, $"The shard database at {Db.Path} belongs to shard {storedShard}, not {shardId}.");
        }
    }

    private bool IsEmpty() => Families.All(family =>
    {
        using var iterator = Db.NewIterator(family);
        iterator.SeekToFirst();
        return !iterator.Valid();
    });

    /// <summary>Every column family of the layout with its handle (the default family holds nothing).</summary>
    public IEnumerable<(string Name, ColumnFamilyHandle Handle)> NamedFamilies() => FamilyNames.Select(name => (name, Db.GetColumnFamily(name)));

    public long ReadMetaInt64(byte[] key) => Keys.ReadInt64Value(Db.Get(key, Meta));

    public void Dispose() => Db.Dispose();
}
