using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine;

/// <summary>
/// Opens a RocksDB database so that damage is never silent. The write-ahead log is replayed in RocksDB's strictest mode;
/// if that finds damage, only an incomplete last record (a torn tail, as a power cut leaves) is recovered by default,
/// and reported. Every table file's block checksums are then verified. Any other damage refuses the open with a
/// <see cref="ChirpException"/> (<see cref="ChirpErrorCode.StorageDamaged"/>) naming the database and the file, unless
/// the caller asks for <see cref="DamageRecovery.RecoverToLastConsistentPoint"/>. Used by the engine for each shard and
/// by Chirp.Server for its own state.
/// </summary>
public static partial class DamageAwareRocksDb
{
    private const string LostDirectoryName = "lost";

    /// <summary>
    /// Opens the database at <paramref name="path"/> with <paramref name="options"/> (whose WAL recovery mode and
    /// paranoid checks this sets) and <paramref name="families"/>. <paramref name="database"/> names it in errors and
    /// reports, for example <c>shard 2 (/data/engine/shard-0002)</c>. Each repair made is reported to
    /// <paramref name="onRecovery"/> before this returns.
    /// </summary>
    public static RocksDb Open(DbOptions options, string path, ColumnFamilies families, string database, DamageRecovery recovery, Action<StorageRecovery>? onRecovery)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(families);
        options.SetParanoidChecks(true);
        var db = OpenReplayingLog(options, path, families, database, recovery, onRecovery);
        return CheckTables(db, options, path, families, database, recovery, onRecovery);
    }

    private static RocksDb OpenReplayingLog(DbOptions options, string path, ColumnFamilies families, string database, DamageRecovery recovery, Action<StorageRecovery>? onRecovery)
    {
        try
        {
            return RocksDb.Open(options.SetWalRecoveryMode(Recovery.AbsoluteConsistency), path, families);
        }
        catch (RocksDbException strict) when (IsCorruption(strict))
        {
            // The strict mode refuses any damage, a torn tail too; RocksDB's status does not name the file, its LOG does.
            var strictDrops = LogDrops.Read(path);
            if (strictDrops.Count == 0)
            {
                throw Damaged(database, strict.Message, "Its write-ahead logs replayed cleanly, so the damage is elsewhere (the MANIFEST, or a table file it names) and the recovery option cannot repair it: restore the database from a backup.");
            }

            return OpenToleratingTornTail(options, path, families, database, recovery, onRecovery, strictDrops);
        }
    }

    private static RocksDb OpenToleratingTornTail(
        DbOptions options, string path, ColumnFamilies families, string database, DamageRecovery recovery, Action<StorageRecovery>? onRecovery, IReadOnlyList<LogDrop> strictDrops)
    {
        try
        {
            var db = RocksDb.Open(options.SetWalRecoveryMode(Recovery.TolerateCorruptedTailRecords), path, families);
            onRecovery?.Invoke(new StorageRecovery(
                database,
                StorageRecoveryKind.TornLogTail,
                $"{database}: the write-ahead log ended in an incomplete record ({LogDrop.Describe(strictDrops)}), as a power cut during a write leaves it; the incomplete record was dropped. A write is acknowledged only once its record is complete, so nothing acknowledged was lost."));
            return db;
        }
        catch (RocksDbException tolerant) when (IsCorruption(tolerant))
        {
            var drops = LogDrops.Read(path);
            if (drops.Count == 0)
            {
                drops = strictDrops;
            }

            string files = LogDrop.Files(drops, path);

            if (recovery == DamageRecovery.Refuse)
            {
                throw Damaged(
                    database,
                    $"its write-ahead log {files} is damaged before its end ({LogDrop.Describe(drops)})",
                    $"Nothing was changed. Opening it with {nameof(DamageRecovery)}.{nameof(DamageRecovery.RecoverToLastConsistentPoint)} replays the log up to the damage and drops every write after it; restoring a backup may lose less.");
            }

            string kept = KeepCopies(path, drops);
            var db = RocksDb.Open(options.SetWalRecoveryMode(Recovery.PointInTime), path, families);
            onRecovery?.Invoke(new StorageRecovery(
                database,
                StorageRecoveryKind.DamagedLogDropped,
                $"{database}: the write-ahead log {files} was damaged before its end ({LogDrop.Describe(drops)}). Recovered to the last consistent point: replay stopped at the first damage, so every write after it in that log and in any later log is lost. A copy of the damaged log is in {kept}."));
            return db;
        }
    }

    private static ChirpException Damaged(string database, string what, string whatToDo) =>
        new(ChirpErrorCode.StorageDamaged, $"{database} is damaged: {what}. {whatToDo}");

    private static bool IsCorruption(RocksDbException exception) => exception.Message.StartsWith("Corruption", StringComparison.Ordinal);

    /// <summary>Copies the damaged logs into <c>lost/</c> before recovery deletes them, for whoever looks into the damage.</summary>
    private static string KeepCopies(string path, IReadOnlyList<LogDrop> drops)
    {
        string lost = Path.Combine(path, LostDirectoryName);
        Directory.CreateDirectory(lost);
        foreach (string file in drops.Select(drop => drop.File).Distinct(StringComparer.Ordinal))
        {
            string source = Path.Combine(path, file);
            if (File.Exists(source))
            {
                string target = Path.Combine(lost, file);
                File.Copy(source, File.Exists(target) ? $"{target}.{DateTime.UtcNow:yyyyMMddHHmmssfff}" : target);
            }
        }

        return lost;
    }
}
