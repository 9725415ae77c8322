using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using RocksDbSharp;

namespace Chirp.Engine;

// Table files: RocksDB sees a damaged data block only when it reads it, so every block is verified at open.
public static partial class DamageAwareRocksDb
{
    private static RocksDb CheckTables(RocksDb db, DbOptions options, string path, ColumnFamilies families, string database, DamageRecovery recovery, Action<StorageRecovery>? onRecovery)
    {
        string? damage;
        try
        {
            damage = VerifyTables(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }

        if (damage is null)
        {
            return db;
        }

        string file = TableFileIn(damage);
        if (recovery == DamageRecovery.Refuse)
        {
            db.Dispose();
            throw Damaged(
                database,
                $"its table file {file} failed its checksum ({damage})",
                $"Nothing was changed. Opening it with {nameof(DamageRecovery)}.{nameof(DamageRecovery.RecoverToLastConsistentPoint)} moves every damaged table file to {LostDirectoryName}/ and drops all the entries in it; restoring a backup may lose less.");
        }

        var tables = LiveTables(db);
        db.Dispose();
        string lost = Path.Combine(path, LostDirectoryName);
        var lostBefore = Directory.Exists(lost) ? Directory.GetFiles(lost).ToHashSet(StringComparer.Ordinal) : [];

        // RocksDB's repair reads every table and moves the ones it cannot read whole to lost/.
        Native.Instance.rocksdb_repair_db(options.Handle, path);
        var dropped = Directory.Exists(lost)
            ? Directory.GetFiles(lost, "*.sst").Where(moved => !lostBefore.Contains(moved)).Select(Path.GetFileName).ToList()
            : [];
        var repaired = RocksDb.Open(options.SetWalRecoveryMode(Recovery.AbsoluteConsistency), path, families);
        string? remaining = VerifyTables(repaired);
        if (remaining is not null)
        {
            repaired.Dispose();
            throw Damaged(database, $"its table file {TableFileIn(remaining)} is still damaged after repair ({remaining})", "Restore the database from a backup.");
        }

        string described = string.Join("; ", dropped.Select(name => tables.TryGetValue(name!, out var table)
            ? $"{name} (column family '{table.Family}', {table.Entries:N0} entries, {table.Bytes:N0} bytes)"
            : name));
        onRecovery?.Invoke(new StorageRecovery(
            database,
            StorageRecoveryKind.DamagedTablesDropped,
            $"{database}: the table file {file} failed its checksum ({damage}). Recovered by moving the damaged table files to {lost}: {described}. Every entry in them is lost, whatever its age, so what is left may disagree with itself (a counter or an index entry naming a record that is gone)."));
        return repaired;
    }

    /// <summary>The RocksDB message of the first damaged block, or null when every table file verifies.</summary>
    internal static string? VerifyTables(RocksDb db)
    {
        try
        {
            Native.Instance.rocksdb_verify_checksum(db.Handle);
            return null;
        }
        catch (RocksDbException ex) when (IsCorruption(ex))
        {
            return ex.Message;
        }
    }

    private static string TableFileIn(string message) =>
        TableFilePattern().Match(message) is { Success: true } match ? Path.GetFileName(match.Value) : "(RocksDB did not name it)";

    private static Dictionary<string, (string Family, ulong Entries, ulong Bytes)> LiveTables(RocksDb db)
    {
        var tables = new Dictionary<string, (string, ulong, ulong)>(StringComparer.Ordinal);
        IntPtr files = Native.Instance.rocksdb_livefiles(db.Handle);
        try
        {
            int count = Native.Instance.rocksdb_livefiles_count(files);
            for (int i = 0; i < count; i++)
            {
                string name = Path.GetFileName(Marshal.PtrToStringAnsi(Native.Instance.rocksdb_livefiles_name(files, i)) ?? "");
                string family = Marshal.PtrToStringAnsi(Native.Instance.rocksdb_livefiles_column_family_name(files, i)) ?? "";
                tables[name] = (family, Native.Instance.rocksdb_livefiles_entries(files, i), (ulong)Native.Instance.rocksdb_livefiles_size(files, i));
            }
        }
        finally
        {
            Native.Instance.rocksdb_livefiles_destroy(files);
        }

        return tables;
    }

    [GeneratedRegex(@"[^\s]+\.sst")]
    private static partial Regex TableFilePattern();
}
