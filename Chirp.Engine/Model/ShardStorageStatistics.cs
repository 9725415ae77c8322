namespace Chirp.Engine;

/// <summary>One shard's RocksDB numbers, summed over its column families, for metrics.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="LiveDataBytes">RocksDB's estimate of the live data (<c>rocksdb.estimate-live-data-size</c>).</param>
/// <param name="SstFileBytes">Bytes of table files on disk (<c>rocksdb.total-sst-files-size</c>).</param>
/// <param name="MemtableBytes">Bytes in memtables (<c>rocksdb.cur-size-all-mem-tables</c>).</param>
/// <param name="PendingCompactionBytes">Bytes RocksDB estimates compaction still has to rewrite.</param>
/// <param name="RunningCompactions">Compactions running now.</param>
public sealed record ShardStorageStatistics(int Shard, long LiveDataBytes, long SstFileBytes, long MemtableBytes, long PendingCompactionBytes, int RunningCompactions);
