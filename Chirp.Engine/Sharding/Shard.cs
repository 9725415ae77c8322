using System.Text;
using System.Threading.Channels;
using Chirp.Engine.Caching;
using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// One partition of all state: a RocksDB database, an id generator, a single writer that applies commands in groups
/// (one write batch per group, so a crash keeps a whole command or none of it), and an outbox deliverer.
/// </summary>
internal sealed partial class Shard : IDisposable
{
    internal static readonly byte[] OutboxSequenceKey = Encoding.ASCII.GetBytes("outbox_sequence");

    private readonly ChirpEngine _engine;
    private readonly ChirpEngineOptions _options;
    private readonly Channel<PendingWrite> _queue;
    private readonly WriteOptions _writeOptions;
    private readonly ReadOptions _readOptions = new();
    private readonly ApplyContext _context;
    private readonly List<PendingWrite> _group = [];
    private readonly Task _writer;
    private long _committedPosition;
    private long _committedMaxId;
    private long _committedOutboxSequence;
    private bool _disposed;

    public Shard(ChirpEngine engine, int id, ChirpEngineOptions options, Cache blockCache)
    {
        _engine = engine;
        _options = options;
        Id = id;
        Store = ShardStore.Open(System.IO.Path.Combine(options.Path, $"shard-{id:D4}"), id, blockCache, options.DamageRecovery, options.OnStorageRecovery);
        _committedPosition = Store.ReadMetaInt64(ShardStore.AppliedPositionKey);
        _committedMaxId = Store.ReadMetaInt64(ShardStore.MaxIdKey);
        _committedOutboxSequence = Store.ReadMetaInt64(OutboxSequenceKey);
        Ids = new SnowflakeIdGenerator(id, options.Clock, _committedMaxId);
        _context = new ApplyContext(this, Store, _committedPosition, _committedMaxId, _committedOutboxSequence);
        _writeOptions = new WriteOptions().SetSync(options.SyncWrites);
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
        _outboxLoop = Task.Run(DeliverOutboxLoopAsync);
        _outboxSignal.Writer.TryWrite(true);
        StartFanout();
        OpenSearchIndex();
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

    /// <summary>The change-feed position of the last committed command.</summary>
    public long AppliedPosition => Volatile.Read(ref _committedPosition);

    /// <summary>Queues a command; the task completes once it is applied and its batch is written (and fsync'd if asked).</summary>
    public Task<ApplyResult> SubmitAsync(ShardCommand command)
    {
        if (command.AtMs == 0)
        {
            command.AtMs = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        }

        var pending = new PendingCommand(command);
        Enqueue(pending);
        return pending.Task;
    }

    /// <summary>Queues commands that must be applied together, in order, in one write batch.</summary>
    public Task<ApplyResult[]> SubmitBatchAsync(IReadOnlyList<ShardCommand> commands)
    {
        long now = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var command in commands)
        {
            if (command.AtMs == 0)
            {
                command.AtMs = now;
            }
        }

        var pending = new PendingBatch(commands);
        Enqueue(pending);
        return pending.Task;
    }

    private void Enqueue(PendingWrite pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(ChirpEngine), "The engine is closed.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _group.Clear();
            _context.StartGroup();
            int commands = 0;
            while (commands < _options.MaxWriteGroup && reader.TryRead(out var pending))
            {
                _group.Add(pending);
                pending.ApplyIn(this);
                commands += pending.CommandCount;
            }

            // Counted before the write, so the deliverer never sees a message that is not counted yet.
            long newMessages = _context.OutboxSequence - _committedOutboxSequence;
            Interlocked.Add(ref _outboxDepth, newMessages);
            try
            {
                _context.FinishGroup();
                Store.Db.Write(_context.Batch, _writeOptions);
            }
            catch (Exception ex)
            {
                Interlocked.Add(ref _outboxDepth, -newMessages);
                _context.Reset(_committedPosition, _committedMaxId, _committedOutboxSequence);
                foreach (var failed in _group)
                {
                    failed.Fail(ex);
                }

                continue;
            }

            InvalidateCaches(_context);
            _committedMaxId = _context.MaxId;
            Interlocked.Exchange(ref _committedOutboxSequence, _context.OutboxSequence);
            bool changed = _context.Position != _committedPosition;
            Volatile.Write(ref _committedPosition, _context.Position);
            if (_context.WroteOutbox)
            {
                _outboxSignal.Writer.TryWrite(true);
            }

            if (changed)
            {
                SignalFanout();
                SignalSearch();
            }

            foreach (var done in _group)
            {
                done.Complete();
            }
        }
    }

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

    internal (ApplyResult Result, Exception? Error) ApplyTopLevel(ShardCommand command)
    {
        _context.AtMs = command.AtMs;
        _context.BeginCommand();
        try
        {
            byte[]? requestKey = null;
            if (command.RequestId != Guid.Empty)
            {
                requestKey = Keys.Request(command.RequestId);
                byte[]? stored = _context.Get(Store.Requests, requestKey);
                if (stored is not null)
                {
                    return (Serialization.Deserialize<ApplyResult>(stored), null);
                }
            }

            var result = Apply(command, _context);
            if (!result.IsOk)
            {
                _context.RollbackCommand();
            }
            else if (requestKey is not null)
            {
                _context.Write(Store.Requests, requestKey, result);
                _context.Put(Store.RequestsByTime, Keys.RequestByTime(command.AtMs, command.RequestId), []);
            }

            return (result, null);
        }
        catch (Exception ex)
        {
            // A bug or a storage failure, not a refusal: the submitter sees the exception, and the group goes on.
            _context.RollbackCommand();
            return (default, ex);
        }
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
        StopFanout();
        StopSearch();
        _context.Dispose();
        CloseSearchIndex();
        Store.Dispose();
    }
}
