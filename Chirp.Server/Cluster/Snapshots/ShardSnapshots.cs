using System.Globalization;
using System.Text.RegularExpressions;
using Chirp.Engine;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster.Snapshots;

/// <summary>
/// One shard replica's snapshots, in <c>raft/shard-{id}-snapshots</c>: taking them every
/// <see cref="EveryEntries"/> applied entries, publishing each only when the next is taken (so the published one lags
/// the head of the log by at least that many entries and a replica briefly down catches up from the log rather than
/// by a whole snapshot), receiving and installing another replica's, and deleting those the log no longer needs.
/// </summary>
/// <remarks>
/// Folders: <c>snapshot-{index}-{term}</c> (published: the log before it may be deleted), <c>pending-{index}-{term}</c>
/// (taken, not yet published) and <c>receiving</c> (a snapshot arriving from the leader). Only the applying thread takes,
/// publishes and installs; DotNext reads <see cref="Published"/> from other threads.
/// </remarks>
internal sealed partial class ShardSnapshots
{
    private const string ReceivingFolder = "receiving";
    private readonly ChirpEngine _engine;
    private readonly int _shardId;
    private readonly string _root;
    private readonly ILogger _logger;
    private volatile RaftShardSnapshot? _published;
    private (string Directory, long Index, long Term)? _pending;
    private long _lastTakenIndex;
    private long _installs;
    private long _installedBytes;

    public ShardSnapshots(ChirpEngine engine, int shardId, string root, long everyEntries, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyEntries, 1);
        _engine = engine;
        _shardId = shardId;
        _root = root;
        _logger = logger;
        EveryEntries = everyEntries;
        Directory.CreateDirectory(root);
    }

    /// <summary>Applied entries between two snapshots (and the least the published one lags the log's head).</summary>
    public long EveryEntries { get; }

    /// <summary>The snapshot the log may be cut at, or null before the first is published.</summary>
    public RaftShardSnapshot? Published => _published;

    /// <summary>Snapshots received from a leader and installed since the process started.</summary>
    public long Installs => Interlocked.Read(ref _installs);

    /// <summary>Bytes of the snapshots installed since the process started.</summary>
    public long InstalledBytes => Interlocked.Read(ref _installedBytes);

    /// <summary>Whether a received snapshot is being installed now (the shard's data is a mix meanwhile).</summary>
    public bool Installing { get; private set; }

    /// <summary>
    /// At start, before the write-ahead log opens (it replays only the entries after <see cref="Published"/>): finds the
    /// newest published snapshot, drops what a crash left half made, and installs the published snapshot again if the
    /// engine stands before it (its data was lost or replaced) or an install was cut short.
    /// </summary>
    public void Recover()
    {
        string receiving = Path.Combine(_root, ReceivingFolder);
        if (Directory.Exists(receiving))
        {
            Directory.Delete(receiving, recursive: true);
        }

        var published = Folders("snapshot").OrderByDescending(folder => folder.Index).ToList();
        var pending = Folders("pending").OrderByDescending(folder => folder.Index).ToList();
        foreach (var stale in published.Skip(1).Concat(pending.Skip(1)))
        {
            Directory.Delete(stale.Path, recursive: true);
        }

        if (pending.Count > 0)
        {
            _pending = (pending[0].Path, pending[0].Index, pending[0].Term);
            _lastTakenIndex = pending[0].Index;
        }

        if (published.Count == 0)
        {
            return;
        }

        var newest = published[0];
        var snapshot = ChirpEngine.VerifyShardSnapshot(_shardId, newest.Path);
        _published = new RaftShardSnapshot(newest.Path, newest.Term, snapshot);
        _lastTakenIndex = Math.Max(_lastTakenIndex, newest.Index);
        if (_engine.IsShardSnapshotInstallIncomplete(_shardId) || _engine.GetAppliedLogIndex(_shardId) < newest.Index)
        {
            LogReinstall(_shardId, newest.Index, _engine.GetAppliedLogIndex(_shardId));
            _engine.InstallShardSnapshotAsync(_shardId, newest.Path).GetAwaiter().GetResult();
        }
    }

    /// <summary>After the entry at <paramref name="index"/> applied: takes a snapshot when one is due, publishing the one before.</summary>
    public async ValueTask AfterAppliedAsync(long index, long term, CancellationToken token)
    {
        if (index - _lastTakenIndex < EveryEntries)
        {
            return;
        }

        _lastTakenIndex = index;
        string directory = Path.Combine(_root, Name("pending", index, term));
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var taken = await _engine.CreateShardSnapshotAsync(_shardId, directory, token).ConfigureAwait(false);
        if (taken.AppliedLogIndex != index)
        {
            // Only the log's applier writes the shard, so this does not happen; a snapshot at another index than its
            // name says would be sent with the wrong term, so it is not kept.
            Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException($"The snapshot of shard {_shardId} taken after entry {index} holds entry {taken.AppliedLogIndex}.");
        }

        if (_pending is { } previous)
        {
            Publish(previous.Directory, previous.Index, previous.Term);
        }

        _pending = (directory, index, term);
    }

    /// <summary>
    /// Receives a snapshot the leader sent (the log before it is gone there), checks it and installs it: the stream's
    /// length, its header, and every file's length and CRC-32C before the engine sees any of it. A truncated or damaged
    /// snapshot throws and nothing changes; the leader sends it again.
    /// </summary>
    public async ValueTask<long> ReceiveAsync(LogEntry entry, CancellationToken token)
    {
        string receiving = Path.Combine(_root, ReceivingFolder);
        if (Directory.Exists(receiving))
        {
            Directory.Delete(receiving, recursive: true);
        }

        Directory.CreateDirectory(receiving);
        string streamPath = Path.Combine(receiving, "stream");
        long received;
        var output = new FileStream(streamPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            byte[] buffer = new byte[64 * 1024];
            await entry.WriteToAsync(IAsyncBinaryWriter.Create(output, buffer), token).ConfigureAwait(false);
            await output.FlushAsync(token).ConfigureAwait(false);
            received = output.Length;
        }

        // DotNext ends a transfer cut off by its request timeout without an error; only the length tells.
        if (entry.Length is { } expected && received != expected)
        {
            throw SnapshotStreamHeader.Damaged($"{received} of its {expected} bytes arrived");
        }

        string unpacked = Path.Combine(receiving, "files");
        var header = SnapshotStreamReader.Unpack(streamPath, unpacked, _shardId, received);
        if (header.Index != entry.Index || header.Term != entry.Term)
        {
            throw SnapshotStreamHeader.Damaged($"it says index {header.Index} term {header.Term}, sent as index {entry.Index} term {entry.Term}");
        }

        File.Delete(streamPath);
        Installing = true;
        try
        {
            await _engine.InstallShardSnapshotAsync(_shardId, unpacked, token).ConfigureAwait(false);
        }
        finally
        {
            Installing = false;
        }

        Interlocked.Increment(ref _installs);
        Interlocked.Add(ref _installedBytes, received);
        string directory = Path.Combine(_root, Name("snapshot", header.Index, header.Term));
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.Move(unpacked, directory);
        Directory.Delete(receiving, recursive: true);
        _published = new RaftShardSnapshot(directory, header.Term, ChirpEngine.VerifyShardSnapshot(_shardId, directory));
        _lastTakenIndex = Math.Max(_lastTakenIndex, header.Index);
        if (_pending is { } pending && pending.Index <= header.Index)
        {
            Directory.Delete(pending.Directory, recursive: true);
            _pending = null;
        }

        return header.Index;
    }

    /// <summary>Deletes the published snapshots older than <paramref name="watermark"/> (DotNext reads none of them any more).</summary>
    public void Reclaim(long watermark)
    {
        foreach (var folder in Folders("snapshot"))
        {
            if (folder.Index < watermark && _published?.Directory != folder.Path)
            {
                Directory.Delete(folder.Path, recursive: true);
            }
        }
    }

    private void Publish(string pendingDirectory, long index, long term)
    {
        string directory = Path.Combine(_root, Name("snapshot", index, term));
        Directory.Move(pendingDirectory, directory);
        _published = new RaftShardSnapshot(directory, term, ChirpEngine.VerifyShardSnapshot(_shardId, directory));
    }

    private IEnumerable<(string Path, long Index, long Term)> Folders(string kind)
    {
        foreach (string path in Directory.EnumerateDirectories(_root))
        {
            var match = FolderName().Match(Path.GetFileName(path));
            if (match.Success && match.Groups[1].Value == kind)
            {
                yield return (path, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private static string Name(string kind, long index, long term) => string.Create(CultureInfo.InvariantCulture, $"{kind}-{index}-{term}");

    [GeneratedRegex(@"^(snapshot|pending)-(\d+)-(\d+)$")]
    private static partial Regex FolderName();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} stands at log entry {Applied}, before its published snapshot at {Index} (its data was lost, or an install was cut short): installing the snapshot again.")]
    private partial void LogReinstall(int shard, long index, long applied);
}
