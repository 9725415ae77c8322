using Chirp.Engine.Replication;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster.Snapshots;

/// <summary>
/// A published shard snapshot as DotNext's write-ahead log sees it: the checkpoint folder of one applied entry, sent to
/// a replica that is behind it as one stream (<see cref="SnapshotStreamHeader"/>, then the files). The folder is never
/// changed once published, so the snapshot can be sent any number of times.
/// </summary>
internal sealed class RaftShardSnapshot : ISnapshot
{
    private readonly byte[] _header;

    public RaftShardSnapshot(string directory, long term, ShardSnapshot snapshot)
    {
        Directory = directory;
        Index = snapshot.AppliedLogIndex;
        Term = term;
        Header = new SnapshotStreamHeader(snapshot.Shard, Index, term, snapshot.Files);
        _header = Header.Encode();
        Length = _header.Length + snapshot.TotalBytes;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; }

    public SnapshotStreamHeader Header { get; }

    public long Index { get; }

    public long Term { get; }

    public long? Length { get; }

    public bool IsReusable => true;

    public async ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : IAsyncBinaryWriter
    {
        await writer.WriteAsync(_header, lengthFormat: null, token).ConfigureAwait(false);
        foreach (var file in Header.Files)
        {
            var stream = new FileStream(Path.Combine(Directory, file.Name), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            await using (stream.ConfigureAwait(false))
            {
                await writer.CopyFromAsync(stream, file.Size, token).ConfigureAwait(false);
            }
        }
    }
}
