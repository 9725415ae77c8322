using System.Buffers.Binary;
using System.Text;

namespace Chirp.Engine.Storage;

/// <summary>Key encodings. Integers are big-endian so that byte order is numeric order (all ids are positive).</summary>
internal static class Keys
{
    /// <summary>
    /// The owner id of a hashtag's edge list: FNV-1a (64 bits) of the lower-cased tag. Readers check the tag on the
    /// tweet, so a collision costs a read, never a wrong result.
    /// </summary>
    public static long HashtagKey(string canonicalTag)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in canonicalTag)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return (long)hash;
    }

    public const int EdgeKeyLength = 17;

    public static byte[] Id(long id)
    {
        var key = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(key, id);
        return key;
    }

    public static void WriteId(Span<byte> destination, long id) => BinaryPrimitives.WriteInt64BigEndian(destination, id);

    public static long ReadId(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadInt64BigEndian(source);

    public static byte[] Edge(EdgeKind kind, long owner, long other)
    {
        var key = new byte[EdgeKeyLength];
        WriteEdge(key, kind, owner, other);
        return key;
    }

    public static void WriteEdge(Span<byte> key, EdgeKind kind, long owner, long other)
    {
        key[0] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(key[1..], owner);
        BinaryPrimitives.WriteInt64BigEndian(key[9..], other);
    }

    /// <summary>The second id of an edge key.</summary>
    public static long EdgeOther(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadInt64BigEndian(key[9..]);

    public static byte[] TweetVersion(long tweetId, int version)
    {
        var key = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(key, tweetId);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(8), version);
        return key;
    }

    public static byte[] Name(string canonicalName) => Encoding.UTF8.GetBytes(canonicalName);

    public static byte[] Request(Guid requestId) => requestId.ToByteArray(bigEndian: true);

    /// <summary>[applied at ms][request id]: the request records in the order they can be forgotten.</summary>
    public static byte[] RequestByTime(long appliedAtMs, Guid requestId)
    {
        var key = new byte[24];
        BinaryPrimitives.WriteInt64BigEndian(key, appliedAtMs);
        requestId.TryWriteBytes(key.AsSpan(8), bigEndian: true, out _);
        return key;
    }

    public static byte[] OutboxEntry(long position, int index)
    {
        var key = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(key, position);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(8), index);
        return key;
    }

    public static byte[] Int64Value(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    public static long ReadInt64Value(ReadOnlySpan<byte> value) =>
        value.Length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(value) : 0;
}
