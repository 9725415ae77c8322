using System.Text;
using System.Threading.Channels;
using Chirp.Engine.Caching;
using Chirp.Engine.Commands;
using Chirp.Engine.Feed;
using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// One partition of all state: a RocksDB database, an id generator, a single writer that applies commands in groups
/// (one write batch per group, so a crash keeps a whole command or none of it), and an outbox deliverer. After each
/// commit the writer publishes the new applied position (<see cref="Applied"/>); the change-feed consumers (fanout,
/// search indexing) run from it, outside the write path.
/// </summary>
internal sealed partial class Shard : IDisposable
{
    internal static readonly byte[] OutboxSequenceKey = Encoding.ASCII.GetBytes("outbox_sequence");

    private readonly IShardRouter _router;
    private readonly PullAuthorSet _pullAuthors;
    private readonly ChirpEngineOptions _options;
    private readonly Channel<PendingWrite> _queue;
    private readonly ReadOptions _readOptions = new();
    private readonly WriteOptions _writeOptions;
    private readonly ShardStateMachine _stateMachine;
    private readonly IShardCommandLog _log;
    private readonly List<PendingWrite> _group = [];
    private readonly List<ShardCommand> _prepared = [];
    private readonly Task _writer;
    private bool _disposed;

    public Shard(IShardRouter router, int id, ChirpEngineOptions options, Cache blockCache, PullAuthorSet pullAuthors)
    {
        _router = router;
        _pullAuthors = pullAuthors;
        _options = options;
        Id = id;
        Store = ShardStore.Open(System.IO.Path.Combine(options.Path, $"shard-{id:D4}"), id, blockCache, options.DamageRecovery, options.OnStorageRecovery);
        _stateMachine = new ShardStateMachine(this, Store, options);
        _log = options.Replication is { } replication ? new ReplicatedCommandLog(id, replication) : new LocalCommandLog(_stateMachine);
        Applied = new PositionWatch(_stateMachine.CommittedPosition);
        LogApplied = new PositionWatch(_stateMachine.AppliedIndex);
        _changeFloor = Math.Max(1, Store.ReadMetaInt64(ChangeFloorKey));
        _writeOptions = new WriteOptions().SetSync(options.SyncWrites);
        Ids = new SnowflakeIdGenerator(id, options.Clock, _stateMachine.CommittedMaxId);
        _outboxDepth = CountFamily(Store.Outbox);
        _deadLetters = CountFamily(Store.DeadLetters);
        CountTotalsOnce();
        int cacheEntries = options.ReadCacheEntries / options.ShardCount;
        TweetCache = new ReadCache<TweetRecord>(cacheEntries);
        UserCache = new ReadCache<UserRecord>(cacheEntries);
        CounterCache = new ReadCache<long[]>(cacheEntries);
        FollowerListCache = new ReadCache<long[]>(options.ReadCacheEntries == 0 ? 0 : 4096);
        FollowedPullAuthorsCache = new ReadCache<FollowedPullAuthors>(cacheEntries);
        _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        _writer = Task.Run(WriteLoopAsync);
        _outboxSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        _outboxLoop = options.HoldBackgroundWrites ? Task.CompletedTask : Task.Run(DeliverOutboxLoopAsync);
        _outboxSignal.Writer.TryWrite(true);
    }

    public int Id { get; }

    public ShardStore Store { get; }

    public SnowflakeIdGenerator Ids { get; }

    public ReadCache<TweetRecord> TweetCache { get; }

    public ReadCache<UserRecord> UserCache { get; }

    /// <summary>The three counter slots of an id, as stored.</summary>
    public ReadCache<long[]> CounterCache { get; }

    /// <summary>The follower lists (in follow order) of the authors with the most followers, for fanout.</summary>
    public ReadCache<long[]> FollowerListCache { get; }

    /// <summary>For a reader, the pull authors it follows (and itself, if it is one), for home-timeline reads.</summary>
    public ReadCache<FollowedPullAuthors> FollowedPullAuthorsCache { get; }

    /// <summary>The change-feed position of the last committed command that changed data, published after each commit.</summary>
    public PositionWatch Applied { get; }

    /// <summary>The change-feed position of the last committed command that changed data.</summary>
    public long AppliedPosition => Applied.Position;

    /// <summary>The index of the last applied command log entry, published after each apply (awaitable).</summary>
    public PositionWatch LogApplied { get; }

    /// <summary>The index of the last applied command log entry.</summary>
    public long AppliedLogIndex => _stateMachine.AppliedIndex;

    /// <summary>Log entries that failed to apply (and were dropped whole) since the shard opened.</summary>
    public long ApplyFailures => _stateMachine.Failures;

    /// <summary>Queues a command; the task completes once it is applied and its batch is written (and fsync'd if asked).</summary>
    public Task<ApplyResult> SubmitAsync(ShardCommand command) => Submit(command).Task;

    /// <summary>Queues a command; the returned write also tells what prepare decided (the minted ids) once it completes.</summary>
    public PendingCommand Submit(ShardCommand command, bool forwarded = false)
    {
        var pending = new PendingCommand(command) { Forwarded = forwarded };
        Enqueue(pending);
        return pending;
    }

    /// <summary>Queues commands that must be applied together, in order, in one log entry.</summary>
    public Task<ApplyResult[]> SubmitBatchAsync(IReadOnlyList<ShardCommand> commands, bool forwarded = false)
    {
        var pending = new PendingBatch(commands) { Forwarded = forwarded };
        Enqueue(pending);
        return pending.Task;
    }

    /// <summary>
    /// Applies an entry that was prepared and committed elsewhere (how a replica applies a replicated log) at its
    /// index, in order with this shard's own writes: null when the index was applied already.
    /// </summary>
    public Task<ApplyResult[]?> ApplyCommittedAsync(long index, ReadOnlyMemory<byte> entry, object? context = null)
    {
        var pending = new PendingCommittedEntry(index, entry, context as ReplicatedEntry);
        Enqueue(pending);
        return pending.Task;
    }

    /// <summary>Raises the id generator above every applied id; prepare does it for each group, and a new leader must.</summary>
    public void RefloorIds() => Ids.RaiseFloor(_stateMachine.CommittedMaxId);

    private void Enqueue(PendingWrite pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(ChirpEngine), "The engine is closed.");
        }
    }

    /// <summary>
    /// The single writer: takes what is queued (up to a group), prepares it into one entry, appends the entry to the
    /// command log, and completes each caller with its commands' results (or the entry's failure).
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (reader.TryPeek(out var head) && head is PendingInOrderWork work)
            {
                reader.TryRead(out _);
                work.RunIn(this, _stateMachine);
                continue;
            }

            _group.Clear();
            _prepared.Clear();
            if (!TryGetLead(out var lead))
            {
                ForwardQueuedWrites();
                continue;
            }

            ApplyResult[] results;
            try
            {
                // After the lead check: every entry committed before this lead began is applied, so the floor is above
                // every id they minted.
                RefloorIds();
                long nowMs = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
                int commands = 0;
                while (commands < _options.MaxWriteGroup && reader.TryPeek(out var next) && next is not PendingInOrderWork && reader.TryRead(out var pending))
                {
                    _group.Add(pending);
                    pending.PrepareInto(this, nowMs, _prepared);
                    commands += pending.CommandCount;
                }

                var appended = _log.AppendAsync([.. _prepared], lead);
                if (!appended.IsCompleted)
                {
                    // A replicated log: the entry is applied when it comes back committed, through this same queue, so
                    // the writer goes on preparing the next group meanwhile (several entries in flight).
                    _ = CompleteWhenAppliedAsync([.. _group], appended);
                    continue;
                }

                results = appended.Result;
            }
            catch (Exception ex)
            {
                Fail(_group, ex);
                continue;
            }

            Complete(_group, results);
        }
    }

    /// <summary>
    /// Whether this node may prepare this shard's writes: always on a single node; on a replica, while it leads the
    /// shard's log and has caught up with it (<see cref="Replication.IShardReplication.TryGetLead"/>).
    /// </summary>
    internal bool TryGetLead(out CancellationToken lead)
    {
        lead = default;
        return _options.Replication is not { } replication || replication.TryGetLead(Id, out lead);
    }

    private static async Task CompleteWhenAppliedAsync(PendingWrite[] group, ValueTask<ApplyResult[]> appended)
    {
        try
        {
            Complete(group, await appended.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            Fail(group, ex);
        }
    }

    private static void Complete(IEnumerable<PendingWrite> group, ApplyResult[] results)
    {
        int offset = 0;
        foreach (var done in group)
        {
            done.Complete(results, offset);
            offset += done.CommandCount;
        }
    }

    private static void Fail(IEnumerable<PendingWrite> group, Exception error)
    {
        foreach (var failed in group)
        {
            failed.Fail(error);
        }
    }

    /// <summary>Counts outbox messages a group wrote, before its write (or takes them back when the write failed).</summary>
    internal void CountOutboxMessages(long delta) => Interlocked.Add(ref _outboxDepth, delta);

    /// <summary>Derived in-memory state follows a committed entry: caches, counts, and the consumers' signals.</summary>
    internal void AfterCommit(ApplyContext context, bool changed)
    {
        InvalidateCaches(context);
        if (context.OutboxRemoved != 0)
        {
            Interlocked.Add(ref _outboxDepth, -context.OutboxRemoved);
            Interlocked.Add(ref _deadLetters, context.DeadLettered);

            // On every replica, not only on the leader that delivered: a write forwarded from a follower waits there.
            OutboxDeliveries.Advance(OutboxDeliveries.Position + 1);
        }

        if (context.WroteOutbox)
        {
            _outboxSignal.Writer.TryWrite(true);
        }

        NoteCommittedPullAuthors(context);
        if (changed)
        {
            Applied.Advance(context.Position);
        }
    }

    /// <summary>After an entry failed: ids are minted above what is stored, whatever the failed entry had minted.</summary>
    internal void RestartedAt(long committedMaxId) => Ids.RaiseFloor(committedMaxId);

    /// <summary>After a commit and before its writes are acknowledged, so no reader sees a stale record afterwards.</summary>
    private void InvalidateCaches(ApplyContext context)
    {
        foreach (long id in context.WrittenTweets)
        {
            TweetCache.Invalidate(id);
        }

        foreach (long id in context.WrittenUsers)
        {
            UserCache.Invalidate(id);
        }

        foreach (long id in context.WrittenCounters)
        {
            CounterCache.Invalidate(id);
        }

        foreach (long id in context.WrittenFollowerLists)
        {
            FollowerListCache.Invalidate(id);
        }

        foreach (long id in context.WrittenFollowingLists)
        {
            FollowedPullAuthorsCache.Invalidate(id);
        }
    }

    /// <summary>
    /// Applies one command of an entry: a repeated request id returns its first result, a refusal rolls back just
    /// this command. Anything thrown is not a refusal and fails the whole entry (see <see cref="ShardStateMachine"/>).
    /// </summary>
    internal ApplyResult ApplyTopLevel(ShardCommand command, ApplyContext context)
    {
        context.AtMs = command.AtMs;
        context.BeginCommand();
        byte[]? requestKey = null;
        if (command.RequestId != Guid.Empty && command.RemembersRequest)
        {
            requestKey = Keys.Request(command.RequestId);
            byte[]? stored = context.Get(Store.Requests, requestKey);
            if (stored is not null)
            {
                // Which messages the first attempt sent is not kept: a wait for them waits for all sent so far.
                return Serialization.Deserialize<ApplyResult>(stored) with { OutboxFrom = 1, OutboxThrough = context.OutboxSequence };
            }
        }

        _options.BeforeApply?.Invoke(Id, command);
        var result = Apply(command, context) with { OutboxFrom = context.CommandOutboxFrom, OutboxThrough = context.OutboxSequence };
        if (!result.IsOk)
        {
            context.RollbackCommand();
        }
        else if (requestKey is not null)
        {
            context.Write(Store.Requests, requestKey, result);
            context.Put(Store.RequestsByTime, Keys.RequestByTime(command.AtMs, command.RequestId), []);
        }

        return result;
    }

    /// <summary>Applies a command sent to this shard by a command of this shard, in the same batch.</summary>
    internal ApplyResult ApplyNested(ShardCommand command, ApplyContext context) => Apply(command, context);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        StopOutbox();
        Applied.Close();
        LogApplied.Close();
        OutboxDeliveries.Close();
        _stateMachine.Dispose();
        _consumerGate.Dispose();
        Store.Dispose();
    }
}
