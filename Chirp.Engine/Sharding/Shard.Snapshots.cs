using System.Text;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Replica snapshots: a checkpoint fixed between two log entries, and installing another replica's checkpoint in place
/// of this shard's data. Both run on the writer, so no entry applies while they do.
/// </summary>
/// <remarks>
/// An install rewrites the live database rather than swapping directories: readers hold the shard's RocksDB handle
/// without a lock, so it must never close under them. The install is made restartable instead: a marker is written
/// (synced) first and removed (synced, which also makes every write before it durable) last. A shard opened with the
/// marker still set holds a mix of old and new data; <see cref="SnapshotInstallIncomplete"/> says so, and the host
/// installs its snapshot again before applying anything.
/// </remarks>
internal sealed partial class Shard
{
    /// <summary>Meta key present while an install is under way (and after one cut short by a crash).</summary>
    internal static readonly byte[] SnapshotInstallKey = Encoding.ASCII.GetBytes("snapshot_install");

    private const long InstallBatchBytes = 8L * 1024 * 1024;

    // Consumers read the feed and then the records it names; an install must not rewrite the data between the two.
    private readonly ReaderWriterLockSlim _consumerGate = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Whether an install of a snapshot began and did not finish: the data is a mix until one completes.</summary>
    public bool SnapshotInstallIncomplete => Store.Db.Get(SnapshotInstallKey, Store.Meta) is not null;

    /// <summary>
    /// Held by a change-feed consumer (fanout, search indexing) around each batch it reads and processes, so that it
    /// never sees a snapshot install half done. Synchronous: a batch runs on one thread.
    /// </summary>
    public ConsumerPass EnterConsumerBatch()
    {
        _consumerGate.EnterReadLock();
        return new ConsumerPass(_consumerGate);
    }

    /// <summary>Takes the RocksDB checkpoint of this shard into <paramref name="directory"/> between two entries.</summary>
    public Task<long> TakeCheckpointInOrderAsync(string directory)
    {
        var work = new PendingShardWork<long>(shard =>
        {
            ShardCheckpoint.Take(shard.Store, directory);
            return shard.AppliedLogIndex;
        });
        Enqueue(work);
        return work.Task;
    }

    /// <summary>
    /// Replaces this shard's data with the verified checkpoint in <paramref name="directory"/>, in order with the writes,
    /// while no consumer batch runs; <paramref name="realignConsumers"/> runs last under the same exclusion, so the
    /// consumers resume from positions that fit the new data.
    /// </summary>
    public Task<long> InstallSnapshotInOrderAsync(string directory, Action realignConsumers)
    {
        var work = new PendingShardWork<long>(shard =>
        {
            shard._consumerGate.EnterWriteLock();
            try
            {
                long index = shard.InstallSnapshot(directory);
                realignConsumers();
                return index;
            }
            finally
            {
                shard._consumerGate.ExitWriteLock();
            }
        });
        Enqueue(work);
        return work.Task;
    }

    /// <summary>
    /// Rewrites every column family with the checkpoint's contents, then reloads everything held in memory from the
    /// result: the committed positions and ids, the change-feed floor, the outbox counts, the read caches and the pull
    /// authors. Returns the applied log index the shard now stands at.
    /// </summary>
    private long InstallSnapshot(string directory)
    {
        var sync = new WriteOptions().SetSync(true);
        Store.Db.Put(SnapshotInstallKey, Keys.Int64Value(1), Store.Meta, sync);

        var sourceOptions = new DbOptions();
        var sourceFamilies = new ColumnFamilies();
        foreach (string name in RocksDb.ListColumnFamilies(sourceOptions, directory))
        {
            if (name != ColumnFamilies.DefaultName)
            {
                sourceFamilies.Add(name, new ColumnFamilyOptions());
            }
        }

        using (var source = RocksDb.OpenReadOnly(sourceOptions, directory, sourceFamilies, errIfLogFileExists: false))
        {
            var unsynced = new WriteOptions();
            foreach (var (name, target) in Store.NamedFamilies())
            {
                ClearFamily(target, keepInstallMarker: target == Store.Meta, unsynced);
                if (source.TryGetColumnFamily(name, out var from))
                {
                    CopyFamily(source, from, target, unsynced);
                }
            }
        }

        // Synced: the write-ahead log holds every write above, in order, so after this the install is durable whole.
        Store.Db.Remove(SnapshotInstallKey, Store.Meta, sync);
        ReloadAfterInstall();
        return AppliedLogIndex;
    }

    private void ClearFamily(ColumnFamilyHandle family, bool keepInstallMarker, WriteOptions writeOptions)
    {
        using var batch = new WriteBatch();
        using var iterator = Store.Db.NewIterator(family, _readOptions);
        long bytes = 0;
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            byte[] key = iterator.Key();
            if (keepInstallMarker && key.AsSpan().SequenceEqual(SnapshotInstallKey))
            {
                continue;
            }

            batch.Delete(key, family);
            bytes += key.Length;
            if (bytes >= InstallBatchBytes)
            {
                Store.Db.Write(batch, writeOptions);
                batch.Clear();
                bytes = 0;
            }
        }

        Store.Db.Write(batch, writeOptions);
    }

    private void CopyFamily(RocksDb source, ColumnFamilyHandle from, ColumnFamilyHandle target, WriteOptions writeOptions)
    {
        using var batch = new WriteBatch();
        using var iterator = source.NewIterator(from);
        long bytes = 0;
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            byte[] key = iterator.Key();
            byte[] value = iterator.Value();
            batch.Put(key, value, target);
            bytes += key.Length + value.Length;
            if (bytes >= InstallBatchBytes)
            {
                Store.Db.Write(batch, writeOptions);
                batch.Clear();
                bytes = 0;
            }
        }

        Store.Db.Write(batch, writeOptions);
    }

    private void ReloadAfterInstall()
    {
        _stateMachine.ReloadCommitted();
        Ids.RaiseFloor(_stateMachine.CommittedMaxId);
        Volatile.Write(ref _changeFloor, Math.Max(1, Store.ReadMetaInt64(ChangeFloorKey)));
        Interlocked.Exchange(ref _outboxDepth, CountFamily(Store.Outbox));
        Interlocked.Exchange(ref _deadLetters, CountFamily(Store.DeadLetters));
        TweetCache.Clear();
        UserCache.Clear();
        CounterCache.Clear();
        FollowerListCache.Clear();
        FollowedPullAuthorsCache.Clear();
        foreach (var (authorId, newest) in ReadPullAuthors())
        {
            _pullAuthors.Note(authorId, newest);
        }

        Applied.Advance(_stateMachine.CommittedPosition);
        LogApplied.Advance(_stateMachine.AppliedIndex);
        _outboxSignal.Writer.TryWrite(true);
    }
}
