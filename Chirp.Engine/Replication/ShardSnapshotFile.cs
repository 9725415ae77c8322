namespace Chirp.Engine.Replication;

/// <summary>One file of a shard snapshot, relative to the snapshot's folder, with its length and CRC-32C (<see cref="Crc32C"/>).</summary>
/// <param name="Name">The file's name in the snapshot's folder (never a path).</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Crc32C">Its CRC-32C.</param>
public sealed record ShardSnapshotFile(string Name, long Size, uint Crc32C);
