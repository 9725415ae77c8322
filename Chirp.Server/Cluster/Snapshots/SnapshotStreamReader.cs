using Chirp.Engine;

namespace Chirp.Server.Cluster.Snapshots;

/// <summary>Turns a received snapshot stream back into a checkpoint folder, refusing it at the first damage.</summary>
internal static class SnapshotStreamReader
{
    /// <summary>
    /// Unpacks a received stream of <paramref name="streamLength"/> bytes into <paramref name="target"/>, checking the
    /// header and every file's length and CRC-32C as it goes; throws <see cref="ChirpErrorCode.DamagedCheckpoint"/> at
    /// the first thing wrong (the caller discards <paramref name="target"/>).
    /// </summary>
    public static SnapshotStreamHeader Unpack(string streamPath, string target, int shardId, long streamLength)
    {
        Directory.CreateDirectory(target);
        using var input = new FileStream(streamPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var header = SnapshotStreamHeader.Read(input, shardId);
        if (input.Position + header.Files.Sum(file => file.Size) != streamLength)
        {
            throw SnapshotStreamHeader.Damaged($"its files add up to {input.Position + header.Files.Sum(file => file.Size)} bytes with the header, the stream has {streamLength}");
        }

        byte[] buffer = new byte[1024 * 1024];
        foreach (var file in header.Files)
        {
            using var output = new FileStream(Path.Combine(target, file.Name), FileMode.CreateNew, FileAccess.Write);
            uint crc = 0;
            long left = file.Size;
            while (left > 0)
            {
                int read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw SnapshotStreamHeader.Damaged($"it ends inside {file.Name}");
                }

                crc = Crc32C.Update(crc, buffer.AsSpan(0, read));
                output.Write(buffer, 0, read);
                left -= read;
            }

            if (crc != file.Crc32C)
            {
                throw SnapshotStreamHeader.Damaged($"{file.Name} has CRC-32C {crc:x8}, its header says {file.Crc32C:x8}");
            }

            output.Flush(flushToDisk: true);
        }

        return header;
    }
}
