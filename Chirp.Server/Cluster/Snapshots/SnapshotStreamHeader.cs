using System.Buffers.Binary;
using System.Text;
using Chirp.Engine;
using Chirp.Engine.Replication;

namespace Chirp.Server.Cluster.Snapshots;

/// <summary>
/// The head of a shard snapshot as it travels between replicas (Raft's InstallSnapshot): what it is and which files
/// follow, each with its length and CRC-32C, then the files' bytes in that order. Layout, little-endian:
/// <c>"CHIRPSNP"</c>, format (u32), shard (i32), index (i64), term (i64), file count (i32), then per file the name's
/// length (u16), the name (UTF-8), size (i64) and CRC-32C (u32); last the CRC-32C of everything before it (u32).
/// </summary>
internal sealed record SnapshotStreamHeader(int Shard, long Index, long Term, IReadOnlyList<ShardSnapshotFile> Files)
{
    public const uint FormatVersion = 1;

    private const int MaxFiles = 1_000_000;
    private static ReadOnlySpan<byte> Magic => "CHIRPSNP"u8;

    /// <summary>The bytes of the whole stream: this header and every file.</summary>
    public long StreamLength => Encode().Length + Files.Sum(file => file.Size);

    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        buffer.Write(Magic);
        WriteUInt32(buffer, FormatVersion);
        WriteUInt32(buffer, (uint)Shard);
        WriteInt64(buffer, Index);
        WriteInt64(buffer, Term);
        WriteUInt32(buffer, (uint)Files.Count);
        foreach (var file in Files)
        {
            byte[] name = Encoding.UTF8.GetBytes(file.Name);
            BinaryPrimitives.WriteUInt16LittleEndian(number, checked((ushort)name.Length));
            buffer.Write(number[..2]);
            buffer.Write(name);
            WriteInt64(buffer, file.Size);
            WriteUInt32(buffer, file.Crc32C);
        }

        WriteUInt32(buffer, Crc32C.Of(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    /// <summary>Reads a header from the start of a received stream; anything unexpected is a damaged snapshot.</summary>
    public static SnapshotStreamHeader Read(Stream input, int expectedShard)
    {
        var checksummed = new ChecksummingReader(input);
        if (!checksummed.ReadExactly(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw Damaged("it does not start as a Chirp shard snapshot");
        }

        uint format = checksummed.ReadUInt32();
        if (format != FormatVersion)
        {
            throw Damaged($"it is of format {format}; this Chirp reads format {FormatVersion}");
        }

        int shard = (int)checksummed.ReadUInt32();
        long index = checksummed.ReadInt64();
        long term = checksummed.ReadInt64();
        uint count = checksummed.ReadUInt32();
        if (shard != expectedShard || count is 0 or > MaxFiles || index <= 0 || term < 0)
        {
            throw Damaged($"its header says shard {shard}, index {index}, term {term}, {count} files");
        }

        var files = new List<ShardSnapshotFile>((int)count);
        for (int i = 0; i < count; i++)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(checksummed.ReadExactly(2));
            string name = Encoding.UTF8.GetString(checksummed.ReadExactly(nameLength));
            long size = checksummed.ReadInt64();
            uint crc = checksummed.ReadUInt32();
            if (name.Length == 0 || name != Path.GetFileName(name) || name is "." or ".." || size < 0)
            {
                throw Damaged($"it names the file '{name}' of {size} bytes");
            }

            files.Add(new ShardSnapshotFile(name, size, crc));
        }

        uint expected = checksummed.Crc;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(checksummed.ReadExactly(4));
        if (stored != expected)
        {
            throw Damaged("its header fails its checksum");
        }

        return new SnapshotStreamHeader(shard, index, term, files);
    }

    public static ChirpException Damaged(string why) =>
        new(ChirpErrorCode.DamagedCheckpoint, $"A received shard snapshot was refused: {why}.");

    private static void WriteUInt32(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }

    private static void WriteInt64(Stream output, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        output.Write(bytes);
    }

    /// <summary>Reads exact counts of bytes, keeping the CRC-32C of everything read.</summary>
    private sealed class ChecksummingReader(Stream input)
    {
        public uint Crc { get; private set; }

        public byte[] ReadExactly(int count)
        {
            byte[] bytes = new byte[count];
            try
            {
                input.ReadExactly(bytes);
            }
            catch (EndOfStreamException)
            {
                throw Damaged("it ends inside its header");
            }

            Crc = Crc32C.Update(Crc, bytes);
            return bytes;
        }

        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(4));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadExactly(8));
    }
}
