using System.Text.Json;
using Chirp.Engine.Commands;
using Chirp.Engine.Lifetime;
using Chirp.Engine.Sharding;
using RocksDbSharp;

namespace Chirp.Engine;

/// <summary>
/// The Chirp storage engine: accounts, tweets, replies, likes, retweets and the follow graph, partitioned by user over
/// shards, each a RocksDB database that is the source of truth. Open it with <see cref="Open"/>; dispose it to close.
/// All members are safe to call from many threads, also while the engine closes: closing waits for the calls in
/// flight, and a call made after it began throws <see cref="ObjectDisposedException"/>. Writes are acknowledged once
/// durable in the write-ahead log.
/// </summary>
public sealed partial class ChirpEngine : IDisposable
{
    /// <summary>The version of the data directory layout this build reads and writes.</summary>
    public const int DirectoryFormatVersion = 1;

    private const string FormatFileName = "chirp.format.json";

    private readonly Shard[] _shards;
    private readonly Cache _blockCache;
    private readonly SemaphoreSlim[] _emailLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private int _disposed;

    // Every public call that reaches storage holds a pass; closing waits for them.
    private readonly CloseGate _gate = new();

    private ChirpEngine(ChirpEngineOptions options)
    {
        Options = options;
        _blockCache = Cache.CreateLru((ulong)options.BlockCacheBytes);
        _shards = new Shard[options.ShardCount];
        OpenTimelines();
        try
        {
            for (int i = 0; i < _shards.Length; i++)
            {
                _shards[i] = new Shard(this, i, options, _blockCache);
            }

            LoadPullAuthors();
            foreach (var shard in _shards)
            {
                shard.StartSearch();
            }
        }
        catch
        {
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

    internal int ShardOfId(long id) => SnowflakeId.ShardOf(id);

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

    private Shard ShardForName(string canonicalName) => _shards[StableHash(canonicalName) % (uint)_shards.Length];

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

    internal Task<ApplyResult[]> DeliverAsync(int targetShard, IReadOnlyList<ShardCommand> commands)
    {
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _shards[targetShard].SubmitBatchAsync(commands);
        }
        catch (Exception ex)
        {
            return Task.FromException<ApplyResult[]>(ex);
        }
    }

    private static async ValueTask<long> SubmitAsync(Shard shard, ShardCommand command, Guid requestId)
    {
        command.RequestId = requestId;
        var result = await shard.SubmitAsync(command).ConfigureAwait(false);
        return result.ThrowIfFailed();
    }

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
            shard.StopFanout();
            shard.StopSearch();
        }

        foreach (var shard in _shards)
        {
            shard.Dispose();
        }

        Timelines.Dispose();

        foreach (var emailLock in _emailLocks)
        {
            emailLock.Dispose();
        }
    }

    private sealed record DirectoryFormat(int Format, int ShardCount);
}
