using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Operations;

/// <summary>The "Chirp:Disk" section: how much free space the data directory's file system keeps for reads and a clean close.</summary>
public sealed class DiskOptions
{
    public const string Section = "Chirp:Disk";

    /// <summary>
    /// Below this many free MiB, writes are refused with 507 (reads go on), so that RocksDB, Lucene and the media store
    /// never meet a full disk: RocksDB stops taking writes until a restart once one fails for lack of space, and
    /// compactions need room to run. 0 turns the guard off.
    /// </summary>
    [Range(0, 1 << 30)]
    public int MinFreeMiB { get; set; } = 512;

    public long MinFreeBytes => (long)MinFreeMiB << 20;
}
