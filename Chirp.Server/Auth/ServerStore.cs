using System.Text;
using System.Text.Json;
using Chirp.Engine;
using RocksDbSharp;

namespace Chirp.Server.Auth;

/// <summary>
/// The server's own durable state, next to the engine's: OAuth applications, authorization codes and revoked tokens,
/// in a small RocksDB database under <c>&lt;data&gt;/server</c>. Values are JSON; every write is synced, since these
/// writes are rare and a lost revocation would be a security hole. For the same reason a damaged log or table file
/// refuses the open (see <see cref="DamageAwareRocksDb"/>) unless the operator asks to recover. On a cluster node the
/// same families are written only by the metadata group's state machine (<see cref="WriteReplicated"/>), which keeps
/// the applied Raft index, the cluster identity and the token signing key in the <c>meta</c> family.
/// </summary>
public sealed class ServerStore : IDisposable
{
    private static readonly string[] FamilyNames = ["apps", "codes", "revoked", "meta"];
    private readonly RocksDb _db;
    private readonly WriteOptions _sync = new WriteOptions().SetSync(true);

    private ServerStore(RocksDb db)
    {
        _db = db;
        Apps = db.GetColumnFamily("apps");
        Codes = db.GetColumnFamily("codes");
        Revoked = db.GetColumnFamily("revoked");
        Meta = db.GetColumnFamily("meta");
    }

    /// <summary>
    /// Raised after a token revocation was written (by this node or, on a cluster node, applied from the metadata
    /// group), so that the in-memory revocation set sees it at once.
    /// </summary>
    public event Action<string, DateTimeOffset>? TokenRevoked;

    internal ColumnFamilyHandle Apps { get; }

    internal ColumnFamilyHandle Codes { get; }

    internal ColumnFamilyHandle Revoked { get; }

    /// <summary>A cluster node's metadata: the applied index of the metadata group, the cluster identity, the signing key.</summary>
    internal ColumnFamilyHandle Meta { get; }

    private static readonly byte[] AppliedIndexKey = Encoding.UTF8.GetBytes("applied-index");

    /// <summary>The last metadata group log index applied into this store (0 on a single node, or before the first).</summary>
    public long AppliedMetadataIndex =>
        _db.Get(AppliedIndexKey, Meta) is { Length: sizeof(long) } stored ? BitConverter.ToInt64(stored) : 0;

    /// <summary>
    /// Writes the effects of one metadata log entry together with its index, in one synced batch: after a crash either
    /// both are there or neither, so a replayed entry is skipped exactly when its effects are already stored.
    /// </summary>
    internal void WriteReplicated(long index, Action<WriteBatch> effects)
    {
        using var batch = new WriteBatch();
        effects(batch);
        batch.Put(AppliedIndexKey, BitConverter.GetBytes(index), Meta);
        _db.Write(batch, _sync);
    }

    /// <summary>The stored bytes (JSON) of one entry, or null.</summary>
    internal byte[]? GetRaw(ColumnFamilyHandle family, string key) => _db.Get(Encoding.UTF8.GetBytes(key), family);

    internal void NotifyRevoked(string tokenId, DateTimeOffset expiresAt) => TokenRevoked?.Invoke(tokenId, expiresAt);

    /// <summary>
    /// Opens (or creates) the store. A damaged database throws a <see cref="ChirpException"/>
    /// (<see cref="ChirpErrorCode.StorageDamaged"/>) naming the file, or under
    /// <see cref="DamageRecovery.RecoverToLastConsistentPoint"/> is recovered with each repair reported to <paramref name="onRecovery"/>.
    /// </summary>
    public static ServerStore Open(string directory, DamageRecovery recovery = DamageRecovery.Refuse, Action<StorageRecovery>? onRecovery = null)
    {
        Directory.CreateDirectory(directory);
        var families = new ColumnFamilies();
        foreach (string name in FamilyNames)
        {
            families.Add(name, new ColumnFamilyOptions());
        }

        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true).SetKeepLogFileNum(2);
        return new ServerStore(DamageAwareRocksDb.Open(options, directory, families, $"the server state ({directory})", recovery, onRecovery));
    }

    internal T? Get<T>(ColumnFamilyHandle family, string key)
        where T : class
    {
        byte[]? value = _db.Get(Encoding.UTF8.GetBytes(key), family);
        return value is null ? null : JsonSerializer.Deserialize<T>(value);
    }

    internal void Put<T>(ColumnFamilyHandle family, string key, T value) =>
        _db.Put(Encoding.UTF8.GetBytes(key), JsonSerializer.SerializeToUtf8Bytes(value), family, _sync);

    internal void Delete(ColumnFamilyHandle family, string key) => _db.Remove(Encoding.UTF8.GetBytes(key), family, _sync);

    /// <summary>Every entry of a family (for loading small sets such as revoked tokens).</summary>
    internal IEnumerable<(string Key, T Value)> All<T>(ColumnFamilyHandle family)
    {
        using var iterator = _db.NewIterator(family);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            yield return (Encoding.UTF8.GetString(iterator.Key()), JsonSerializer.Deserialize<T>(iterator.Value())!);
        }
    }

    /// <summary>
    /// A consistent copy of the store as of now (a RocksDB checkpoint: table files hard-linked on the same file system)
    /// in <paramref name="directory"/>, which must not exist; for backups.
    /// </summary>
    public void Checkpoint(string directory)
    {
        using var checkpoint = _db.Checkpoint();
        checkpoint.Save(directory);
    }

    public void Dispose() => _db.Dispose();
}
