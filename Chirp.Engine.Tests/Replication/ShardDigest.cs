using System.Buffers.Binary;
using System.Security.Cryptography;
using Chirp.Engine.Sharding;

namespace Chirp.Engine.Tests.Replication;

/// <summary>A SHA-256 over every column family, key and value of one shard: two shards with equal digests hold the same bytes.</summary>
internal static class ShardDigest
{
    /// <summary>
    /// The digest of a shard. Without <paramref name="withLogIndex"/> the applied log index is left out: it counts
    /// entries, so it differs by design between two logs that cut the same commands into different entries.
    /// </summary>
    public static string Of(ChirpEngine engine, int shard, bool withLogIndex = true)
    {
        var store = engine.GetShard(shard).Store;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        int familyNumber = 0;
        foreach (var family in store.Families)
        {
            using var iterator = store.Db.NewIterator(family);
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                byte[] key = iterator.Key();
                if (!withLogIndex && family == store.Meta && key.AsSpan().SequenceEqual(ShardStateMachine.AppliedIndexKey))
                {
                    continue;
                }

                byte[] value = iterator.Value();
                BinaryPrimitives.WriteInt32LittleEndian(header, familyNumber);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], key.Length);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], value.Length);
                hash.AppendData(header);
                hash.AppendData(key);
                hash.AppendData(value);
            }

            familyNumber++;
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public static string[] OfAll(ChirpEngine engine, bool withLogIndex = true) =>
        [.. Enumerable.Range(0, engine.ShardCount).Select(shard => Of(engine, shard, withLogIndex))];
}
