namespace Chirp.Engine.Replication;

/// <summary>
/// A shard's data as of one applied log entry, in a folder of files: what a replicated log publishes as its snapshot,
/// ships to a replica that is too far behind, and that replica installs (<see cref="ChirpEngine.InstallShardSnapshotAsync"/>).
/// </summary>
/// <param name="Shard">The shard it is a snapshot of.</param>
/// <param name="AppliedLogIndex">The index of the last log entry whose effects it holds.</param>
/// <param name="Files">Every file of the folder, the engine's own manifest included; ship them all.</param>
public sealed record ShardSnapshot(int Shard, long AppliedLogIndex, IReadOnlyList<ShardSnapshotFile> Files)
{
    /// <summary>The bytes of all its files together.</summary>
    public long TotalBytes => Files.Sum(file => file.Size);
}
