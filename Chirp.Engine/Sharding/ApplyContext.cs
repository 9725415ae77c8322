using System.Buffers.Binary;
using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The write batch of one group of commands, and reads that see it: a command applied after another in the same group
/// sees the other's effects. Tracks the change-feed position, the highest id and the outbox sequence of the group.
/// </summary>
internal sealed class ApplyContext : IDisposable
{
    private readonly Shard _shard;
    private readonly ShardStore _store;
    private readonly ReadOptions _readOptions = new();
    private long _savedPosition;
    private long _savedMaxId;
    private long _savedOutboxSequence;
    private long _savedOutboxRemoved;
    private long _savedDeadLettered;

    /// <summary>Starts empty: the state machine resets it to the committed state before the first entry.</summary>
    public ApplyContext(Shard shard, ShardStore store)
    {
        _shard = shard;
        _store = store;
        Batch = new WriteBatchWithIndex(0, true);
    }

    public WriteBatchWithIndex Batch { get; }

    /// <summary>Position of the last change record written (committed or in this batch).</summary>
    public long Position { get; private set; }

    public long MaxId { get; private set; }

    public long OutboxSequence { get; private set; }

    public bool WroteOutbox { get; private set; }

    /// <summary>Outbox messages the group acknowledged (removed), to count once it commits.</summary>
    public long OutboxRemoved { get; private set; }

    /// <summary>Dead letters the group wrote, to count once it commits.</summary>
    public long DeadLettered { get; private set; }

    /// <summary>The outbox sequence the current command's first message gets.</summary>
    public long CommandOutboxFrom => _savedOutboxSequence + 1;

    /// <summary>The prepared time of the top-level command being applied; commands it sends carry the same.</summary>
    public long AtMs { get; set; }

    public void BeginCommand()
    {
        _savedPosition = Position;
        _savedMaxId = MaxId;
        _savedOutboxSequence = OutboxSequence;
        _savedOutboxRemoved = OutboxRemoved;
        _savedDeadLettered = DeadLettered;
        Batch.SetSavePoint();
    }

    public void RollbackCommand()
    {
        Batch.RollbackToSavePoint();
        Position = _savedPosition;
        MaxId = _savedMaxId;
        OutboxSequence = _savedOutboxSequence;
        OutboxRemoved = _savedOutboxRemoved;
        DeadLettered = _savedDeadLettered;
    }

    /// <summary>Resets to the committed state (at open, and after an entry failed).</summary>
    public void Reset(long position, long maxId, long outboxSequence)
    {
        Batch.Clear();
        Position = position;
        MaxId = maxId;
        OutboxSequence = outboxSequence;
        WroteOutbox = false;
        OutboxRemoved = 0;
        DeadLettered = 0;
    }

    /// <summary>Ids of tweet records written by the group, to invalidate in the read cache once it commits.</summary>
    public List<long> WrittenTweets { get; } = [];

    /// <summary>Ids of user records written by the group.</summary>
    public List<long> WrittenUsers { get; } = [];

    /// <summary>Ids whose counters the group changed.</summary>
    public List<long> WrittenCounters { get; } = [];

    /// <summary>Users whose follower list the group changed.</summary>
    public List<long> WrittenFollowerLists { get; } = [];

    /// <summary>Users whose following list the group changed.</summary>
    public List<long> WrittenFollowingLists { get; } = [];

    /// <summary>Authors whose pull-author edge the group wrote (the in-memory set follows once it commits).</summary>
    public List<long> WrittenPullAuthors { get; } = [];

    public void StartGroup()
    {
        Batch.Clear();
        WroteOutbox = false;
        OutboxRemoved = 0;
        DeadLettered = 0;
        WrittenTweets.Clear();
        WrittenUsers.Clear();
        WrittenCounters.Clear();
        WrittenFollowerLists.Clear();
        WrittenFollowingLists.Clear();
        WrittenPullAuthors.Clear();
    }

    public void FinishGroup()
    {
        Batch.Put(ShardStore.AppliedPositionKey, Keys.Int64Value(Position), _store.Meta);
        Batch.Put(ShardStore.MaxIdKey, Keys.Int64Value(MaxId), _store.Meta);
        Batch.Put(Shard.OutboxSequenceKey, Keys.Int64Value(OutboxSequence), _store.Meta);
    }

    public byte[]? Get(ColumnFamilyHandle family, byte[] key) => Batch.Get(_store.Db, key, family, _readOptions);

    public bool Exists(ColumnFamilyHandle family, byte[] key) => Get(family, key) is not null;

    public T? Read<T>(ColumnFamilyHandle family, byte[] key)
        where T : class
    {
        byte[]? bytes = Get(family, key);
        return bytes is null ? null : Serialization.Deserialize<T>(bytes);
    }

    public void Put(ColumnFamilyHandle family, byte[] key, byte[] value) => Batch.Put(key, value, family);

    public void Write<T>(ColumnFamilyHandle family, byte[] key, T value)
    {
        Batch.Put(key, Serialization.Serialize(value), family);
        if (family == _store.Tweets)
        {
            WrittenTweets.Add(Keys.ReadId(key));
        }
        else if (family == _store.Users)
        {
            WrittenUsers.Add(Keys.ReadId(key));
        }
    }

    public void Delete(ColumnFamilyHandle family, byte[] key) => Batch.Delete(key, family);

    /// <summary>
    /// Iterates a family as this group sees it (committed data with the batch's writes over it), so that what a
    /// command finds does not depend on which commands share its group. Dispose it before the batch changes.
    /// </summary>
    public Iterator Iterate(ColumnFamilyHandle family)
    {
        // The batch's iterator owns the base iterator and destroys it with itself.
        var committed = _store.Db.NewIterator(family, _readOptions);
        return Batch.CreateIteratorWithBase(committed, family);
    }

    /// <summary>Removes an acknowledged outbox message; when refused, keeps it as a dead letter with why.</summary>
    public void RemoveOutboxMessage(byte[] key, DeadLetter? deadLetter)
    {
        if (deadLetter is not null)
        {
            Write(_store.DeadLetters, key, deadLetter);
            DeadLettered++;
        }

        Batch.Delete(key, _store.Outbox);
        OutboxRemoved++;
    }

    public long? ReadEdge(EdgeKind kind, long owner, long other)
    {
        byte[]? value = Get(_store.Edges, Keys.Edge(kind, owner, other));
        return value is null ? null : Keys.ReadInt64Value(value);
    }

    public void PutEdge(EdgeKind kind, long owner, long other, long value)
    {
        Batch.Put(Keys.Edge(kind, owner, other), Keys.Int64Value(value), _store.Edges);
        NoteEdgeWritten(kind, owner);
    }

    public void DeleteEdge(EdgeKind kind, long owner, long other)
    {
        Batch.Delete(Keys.Edge(kind, owner, other), _store.Edges);
        NoteEdgeWritten(kind, owner);
    }

    private void NoteEdgeWritten(EdgeKind kind, long owner)
    {
        if (kind == EdgeKind.FollowersByTime)
        {
            WrittenFollowerLists.Add(owner);
        }
        else if (kind == EdgeKind.FollowingIndex)
        {
            WrittenFollowingLists.Add(owner);
        }
        else if (kind == EdgeKind.PullAuthor)
        {
            WrittenPullAuthors.Add(owner);
        }
    }

    public long ReadCounter(long id, int slot)
    {
        byte[]? value = Get(_store.Counters, Keys.Id(id));
        return value is null ? 0 : BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(slot * 8, 8));
    }

    public void AddToCounter(long id, int slot, long delta)
    {
        byte[] key = Keys.Id(id);
        byte[] value = Get(_store.Counters, key) ?? new byte[CounterSlot.ValueLength];
        var span = value.AsSpan(slot * 8, 8);
        long updated = Math.Max(0, BinaryPrimitives.ReadInt64LittleEndian(span) + delta);
        BinaryPrimitives.WriteInt64LittleEndian(span, updated);
        Batch.Put(key, value, _store.Counters);
        WrittenCounters.Add(id);
    }

    public void NoteId(long id) => MaxId = Math.Max(MaxId, id);

    /// <summary>Appends the command to the change feed: it changed state.</summary>
    public void Changed(ShardCommand command)
    {
        Position++;
        Write(_store.Changes, Keys.Id(Position), new ChangeRecord { Position = Position, Command = command });
    }

    /// <summary>
    /// Sends a command to the shard that owns its subject: applied here in this batch, or through the outbox. The
    /// command is copied with the sender's time and, for the outbox, a request id made of this shard and the sequence.
    /// </summary>
    public ApplyResult Send(int targetShard, ShardCommand command)
    {
        if (targetShard == _shard.Id)
        {
            return _shard.ApplyNested(command with { AtMs = AtMs }, this);
        }

        OutboxSequence++;
        var message = command with { AtMs = AtMs, RequestId = OutboxRequestId(_shard.Id, OutboxSequence) };
        Write(_store.Outbox, Keys.Id(OutboxSequence), new OutboxMessage { TargetShard = targetShard, Command = message });
        WroteOutbox = true;
        return ApplyResult.Ok();
    }

    private static Guid OutboxRequestId(int shard, long sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0C41_1209);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], shard);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], sequence);
        return new Guid(bytes, bigEndian: true);
    }

    public void Dispose()
    {
        Batch.Dispose();
    }
}
