using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Chirp.Engine;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of checkpoint and backup manifests, on the processor's CRC instruction where there
/// is one (<see cref="BitOperations.Crc32C(uint, ulong)"/>). Public so that tools check files the way the engine does.
/// </summary>
public static class Crc32C
{
    private const int BufferBytes = 1 << 20;

    /// <summary>The CRC-32C of a byte span (the standard one: initial value and final XOR all ones).</summary>
    public static uint Of(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>
    /// The CRC-32C of bytes that continue those whose CRC-32C is <paramref name="crc"/> (0 for none yet), so that a
    /// stream is checked piece by piece as it arrives: <c>Update(Of(a), b) == Of(a + b)</c>.
    /// </summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data) => ~Append(~crc, data);

    /// <summary>The CRC-32C and length of a file's bytes, read in 1 MiB pieces.</summary>
    public static (uint Crc, long Length) OfFile(string path)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            uint crc = uint.MaxValue;
            long length = 0;
            int read;
            while ((read = file.Read(buffer, 0, BufferBytes)) > 0)
            {
                crc = Append(crc, buffer.AsSpan(0, read));
                length += read;
            }

            return (~crc, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
