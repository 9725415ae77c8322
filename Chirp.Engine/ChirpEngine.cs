using System.Text.Json;
using Chirp.Engine.Commands;
using Chirp.Engine.Lifetime;
using Chirp.Engine.Search;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;
using RocksDbSharp;

namespace Chirp.Engine;

/// <summary>
/// The Chirp storage engine: accounts, tweets, replies, likes, retweets and the follow graph, partitioned by user over
/// shards, each a RocksDB database that is the source of truth. Open it with <see cref="Open"/>; dispose it to close.
/// All members are safe to call from many threads, also while the engine closes: closing waits for the calls in
/// flight, and a call made after it began throws <see cref="ObjectDisposedException"/>. Writes are acknowledged once
/// durable in the write-ahead log. Every write method takes a request id: a write repeated with the id of one that
/// succeeded (after a timeout or a crash, within <see cref="ChirpEngineOptions.RequestRetention"/>) returns the first
/// result and writes nothing; a call without one gets a new id, kept by every command of the call.
/// </summary>
public sealed partial class ChirpEngine : IDisposable, IShardRouter
{
    /// <summary>The version of the data directory layout this build reads and writes.</summary>
    public const int DirectoryFormatVersion = 1;

    private const string FormatFileName = "chirp.format.json";

    private readonly Shard[] _shards;
    private readonly ShardFanout[] _fanouts;

    // Empty when the engine was opened without search.
    private readonly ShardIndexer[] _indexers;
    private readonly Cache _blockCache;
    private int _disposed;

    // Every public call that reaches storage holds a pass; closing waits for them.
    private readonly CloseGate _gate = new();

    private ChirpEngine(ChirpEngineOptions options)
    {
        Options = options;
        _blockCache = Cache.CreateLru((ulong)options.BlockCacheBytes);
        _shards = new Shard[options.ShardCount];
        _fanouts = new ShardFanout[options.ShardCount];
        _indexers = new ShardIndexer[options.IndexForSearch ? options.ShardCount : 0];
        OpenTimelines();
        try
        {
            for (int i = 0; i < _shards.Length; i++)
            {
                // Fanout's position is taken before the shard is published, so before another shard's outbox can
                // deliver anything to it.
                var shard = new Shard(this, i, options, _blockCache, _pullAuthors);
                _fanouts[i] = new ShardFanout(shard, Timelines, this, options.Clock);
                _shards[i] = shard;
            }

            LoadPullAuthors();

            // The change-feed consumers start once every shard is open: indexing reads authors from other shards.
            foreach (var fanout in _fanouts)
            {
                fanout.Start();
            }

            for (int i = 0; i < _indexers.Length; i++)
            {
                _indexers[i] = ShardIndexer.Open(_shards[i], this, options);
            }

            foreach (var indexer in _indexers)
            {
                indexer.Start();
            }
        }
        catch
        {
            foreach (var fanout in _fanouts)
            {
                fanout?.Dispose();
            }

            foreach (var indexer in _indexers)
            {
                indexer?.Dispose();
            }

            foreach (var shard in _shards)
            {
                shard?.Dispose();
            }

            Timelines.Dispose();
            throw;
        }
    }

    /// <summary>The options the engine was opened with.</summary>
    public ChirpEngineOptions Options { get; }

    /// <summary>The number of shards.</summary>
    public int ShardCount => _shards.Length;

    /// <summary>
    /// Opens (or creates) the engine in <see cref="ChirpEngineOptions.Path"/>. Throws a <see cref="ChirpException"/>
    /// with <see cref="ChirpErrorCode.UnsupportedFormat"/> if the directory was written in another format, or
    /// <see cref="ChirpErrorCode.OptionsMismatch"/> if it has a different shard count, or
    /// <see cref="ChirpErrorCode.StorageDamaged"/> if a shard's write-ahead log or table files fail their checksums
    /// (see <see cref="ChirpEngineOptions.DamageRecovery"/>).
    /// </summary>
    public static ChirpEngine Open(ChirpEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Path);
        CheckDirectoryFormat(options);
        var engine = new ChirpEngine(options);
        engine.StartMaintenance();
        return engine;
    }

    private static void CheckDirectoryFormat(ChirpEngineOptions options)
    {
        string formatPath = System.IO.Path.Combine(options.Path, FormatFileName);
        if (!File.Exists(formatPath))
        {
            if (Directory.EnumerateDirectories(options.Path, "shard-*").Any())
            {
                throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"{options.Path} holds shards but no {FormatFileName}; it was not written by this Chirp.");
            }

            var format = new DirectoryFormat(DirectoryFormatVersion, options.ShardCount);
            string temporary = formatPath + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                JsonSerializer.Serialize(file, format);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, formatPath, overwrite: true);
            return;
        }

        DirectoryFormat? stored;
        try
        {
            stored = JsonSerializer.Deserialize<DirectoryFormat>(File.ReadAllText(formatPath));
        }
        catch (JsonException ex)
        {
            throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"{formatPath} is not a Chirp format file: {ex.Message}");
        }

        if (stored is null || stored.Format != DirectoryFormatVersion)
        {
            throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"{options.Path} has format version {stored?.Format}; this Chirp reads version {DirectoryFormatVersion}.");
        }

        if (stored.ShardCount != options.ShardCount)
        {
            throw new ChirpException(ChirpErrorCode.OptionsMismatch, $"{options.Path} was created with {stored.ShardCount} shards; the options say {options.ShardCount}. The shard count is fixed when a directory is created.");
        }
    }

    int IShardRouter.ShardOfId(long id) => ShardOfId(id);

    internal int ShardOfId(long id) => SnowflakeId.ShardOf(id);

    UserRecord? IShardRouter.ReadUser(long userId) => OwnerOf(userId)?.ReadUser(userId);

    OutboxDeliveryBarrier IShardRouter.OutboxDelivery => OutboxDelivery;

    internal Shard GetShard(int shard) => _shards[shard];

    /// <summary>The shard that owns an id, or null if the id cannot name anything here.</summary>
    private Shard? OwnerOf(long id)
    {
        if (id <= 0)
        {
            return null;
        }

        int shard = SnowflakeId.ShardOf(id);
        return shard < _shards.Length ? _shards[shard] : null;
    }

    internal Shard ShardForName(string canonicalName) => _shards[StableHash(canonicalName) % (uint)_shards.Length];

    /// <summary>FNV-1a: stable across processes and versions, unlike string.GetHashCode.</summary>
    private static uint StableHash(string value)
    {
        uint hash = 2166136261;
        foreach (char c in value)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    Task<ApplyResult[]> IShardRouter.DeliverAsync(int targetShard, IReadOnlyList<ShardCommand> commands)
    {
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (Options.FailDeliveryTo?.Invoke(targetShard) == true)
            {
                throw new IOException($"Delivery to shard {targetShard} fails (a test hook).");
            }

            return _shards[targetShard].SubmitBatchAsync(commands);
        }
        catch (Exception ex)
        {
            return Task.FromException<ApplyResult[]>(ex);
        }
    }

    /// <summary>
    /// Queues a command and returns its id once applied. A token cancelled before the command is queued throws
    /// <see cref="OperationCanceledException"/> and nothing is written; once queued, the command applies whatever the
    /// token does (a write cannot be taken back half way), and the wait for it is not cut short.
    /// </summary>
    private static async ValueTask<long> SubmitAsync(Shard shard, ShardCommand command, Guid requestId, CancellationToken cancellationToken = default) =>
        (await SubmitForResultAsync(shard, command, requestId, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    /// <summary>As <see cref="SubmitAsync"/>, and says which cross-shard messages the command sent.</summary>
    private static async ValueTask<OutboxReceipt> SubmitWithReceiptAsync(Shard shard, ShardCommand command, Guid requestId, CancellationToken cancellationToken)
    {
        var result = await SubmitForResultAsync(shard, command, requestId, cancellationToken).ConfigureAwait(false);
        result.ThrowIfFailed();
        return new OutboxReceipt(shard.Id, result.OutboxFrom, result.OutboxThrough);
    }

    private static async ValueTask<ApplyResult> SubmitForResultAsync(Shard shard, ShardCommand command, Guid requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await shard.SubmitAsync(WithRequestId(command, requestId)).ConfigureAwait(false);
    }

    /// <summary>Submits a command and returns its result's id with the command as prepare decided it (its minted ids).</summary>
    private static async ValueTask<(long Id, T Prepared)> SubmitPreparedAsync<T>(Shard shard, T command, Guid requestId, CancellationToken cancellationToken)
        where T : ShardCommand
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = shard.Submit(WithRequestId(command, requestId));
        long id = (await pending.Task.ConfigureAwait(false)).ThrowIfFailed();
        return (id, (T)pending.Prepared);
    }

    /// <summary>The command with the caller's request id, or with a new one when the caller gave none.</summary>
    private static ShardCommand WithRequestId(ShardCommand command, Guid requestId) =>
        requestId != Guid.Empty && requestId == command.RequestId ? command : command with { RequestId = RequestIds.OrNew(requestId) };

    private long NowMs() => Options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Closes every shard: calls in flight finish and later calls throw <see cref="ObjectDisposedException"/>, queued
    /// writes are applied, then the databases close.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _gate.Close();

        StopMaintenance();

        // Delivery stops everywhere before any shard closes, so no message is sent to a closed shard.
        foreach (var shard in _shards)
        {
            shard.StopOutbox();
        }

        foreach (var fanout in _fanouts)
        {
            fanout.Dispose();
        }

        foreach (var indexer in _indexers)
        {
            indexer.Dispose();
        }

        foreach (var shard in _shards)
        {
            shard.Dispose();
        }

        Timelines.Dispose();
    }

    private sealed record DirectoryFormat(int Format, int ShardCount);
}
