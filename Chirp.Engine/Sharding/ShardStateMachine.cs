using System.Text;
using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The apply side of a shard: applies command log entries in index order, each in one write batch that also records
/// the entry's index, so a crash keeps an entry whole or not at all and a reopened shard resumes after the last one.
/// Apply reads only the shard, the entry's commands and their <see cref="ShardCommand.AtMs"/>, so every replica that
/// applies the same entries holds the same bytes. A refusal is part of that (the command rolls back); anything else
/// (a bug, a storage error) fails the whole entry: nothing of it is written, the shard restarts from its last applied
/// entry, and the entry's callers get a <see cref="ChirpErrorCode.ShardFailed"/> error. Only one thread applies.
/// </summary>
internal sealed class ShardStateMachine : IDisposable
{
    /// <summary>The index of the last applied command log entry (kept apart from the change-feed position).</summary>
    internal static readonly byte[] AppliedIndexKey = Encoding.ASCII.GetBytes("applied_log_index");

    private readonly Shard _shard;
    private readonly ShardStore _store;
    private readonly WriteOptions _writeOptions;
    private readonly Action<int>? _beforeWrite;
    private long _appliedIndex;
    private long _committedPosition;
    private long _committedOutboxSequence;
    private long _failures;

    public ShardStateMachine(Shard shard, ShardStore store, ChirpEngineOptions options)
    {
        _shard = shard;
        _store = store;
        _writeOptions = new WriteOptions().SetSync(options.SyncWrites);
        _beforeWrite = options.BeforeShardWrite;
        Context = new ApplyContext(shard, store);
        LoadCommitted();
    }

    /// <summary>The write batch and reads of the entry being applied (only the applying thread touches it).</summary>
    public ApplyContext Context { get; }

    /// <summary>The index of the last applied entry; 0 before the first.</summary>
    public long AppliedIndex => Volatile.Read(ref _appliedIndex);

    /// <summary>The change-feed position of the last committed command that changed data.</summary>
    public long CommittedPosition => Volatile.Read(ref _committedPosition);

    public long CommittedMaxId { get; private set; }

    /// <summary>The outbox sequence of the last committed message (0 when none was ever written).</summary>
    public long CommittedOutboxSequence => Volatile.Read(ref _committedOutboxSequence);

    /// <summary>Entries that failed to apply since the shard opened.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Applies the encoded entry at <paramref name="index"/> (how a replica applies a replicated log), returning its
    /// commands' results in order; an entry at or below the applied index was applied before and is skipped (null).
    /// </summary>
    public ApplyResult[]? Apply(long index, ReadOnlyMemory<byte> entry)
    {
        if (index <= AppliedIndex)
        {
            return null;
        }

        ShardCommand[] commands;
        try
        {
            commands = CommandLogEntry.Decode(entry);
        }
        catch (Exception ex)
        {
            throw FailStop(index, "reading it", ex);
        }

        return Apply(index, commands);
    }

    /// <summary>
    /// Applies the entry of these prepared commands at <paramref name="index"/>, returning their results in order; an
    /// entry at or below the applied index was applied before and is skipped (null). Indexes increase; a replicated log
    /// may leave gaps (its own entries: elections, membership), a local one does not.
    /// </summary>
    public ApplyResult[]? Apply(long index, ShardCommand[] commands)
    {
        long applied = AppliedIndex;
        if (index <= applied)
        {
            return null;
        }

        var context = Context;
        context.StartGroup();
        var results = new ApplyResult[commands.Length];
        int applying = 0;
        try
        {
            for (; applying < commands.Length; applying++)
            {
                results[applying] = _shard.ApplyTopLevel(commands[applying], context);
            }

            context.FinishGroup();
            context.Batch.Put(AppliedIndexKey, Keys.Int64Value(index), _store.Meta);

            // Counted before the write, so the deliverer never sees a message that is not counted yet.
            long newMessages = context.OutboxSequence - CommittedOutboxSequence;
            _shard.CountOutboxMessages(newMessages);
            try
            {
                _beforeWrite?.Invoke(_shard.Id);
                _store.Db.Write(context.Batch, _writeOptions);
            }
            catch
            {
                _shard.CountOutboxMessages(-newMessages);
                throw;
            }
        }
        catch (Exception ex)
        {
            throw FailStop(index, applying < commands.Length ? $"applying its {commands[applying].GetType().Name} command" : "writing it", ex);
        }

        bool changed = context.Position != CommittedPosition;
        CommittedMaxId = context.MaxId;
        Volatile.Write(ref _committedOutboxSequence, context.OutboxSequence);
        Volatile.Write(ref _committedPosition, context.Position);
        Volatile.Write(ref _appliedIndex, index);
        _shard.AfterCommit(context, changed);
        _shard.LogApplied.Advance(index);
        return results;
    }

    /// <summary>
    /// Stops applying: drops everything the entry wrote, restarts from the committed state (the applied index and
    /// the meta written with it), and returns the error for the entry's callers. The next entry applies as usual.
    /// </summary>
    private ChirpException FailStop(long index, string what, Exception cause)
    {
        Interlocked.Increment(ref _failures);
        LoadCommitted();
        _shard.RestartedAt(CommittedMaxId);
        return new ChirpException(
            ChirpErrorCode.ShardFailed,
            $"Shard {_shard.Id} stopped at log entry {index}: {what} failed ({cause.GetType().Name}: {cause.Message}). Nothing of the entry was stored; the shard restarted from entry {AppliedIndex}.",
            innerException: cause);
    }

    /// <summary>Reads the committed state back from the database, after its contents were replaced by a snapshot.</summary>
    public void ReloadCommitted() => LoadCommitted();

    private void LoadCommitted()
    {
        Volatile.Write(ref _appliedIndex, _store.ReadMetaInt64(AppliedIndexKey));
        Volatile.Write(ref _committedPosition, _store.ReadMetaInt64(ShardStore.AppliedPositionKey));
        CommittedMaxId = _store.ReadMetaInt64(ShardStore.MaxIdKey);
        Volatile.Write(ref _committedOutboxSequence, _store.ReadMetaInt64(Shard.OutboxSequenceKey));
        Context.Reset(CommittedPosition, CommittedMaxId, CommittedOutboxSequence);
    }

    public void Dispose() => Context.Dispose();
}
