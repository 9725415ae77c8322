using System.Text.Json;

namespace Chirp.Engine.Storage;

/// <summary>
/// The file work shared by shard and engine checkpoints: listing files with their checksums, checking them against a
/// manifest, copying them durably, and reading and writing manifests. Every refusal is a
/// <see cref="ChirpErrorCode.DamagedCheckpoint"/> that names the file and what is wrong with it.
/// </summary>
internal static class CheckpointFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every file directly in <paramref name="directory"/> but <paramref name="except"/>, in name order, with size and checksum.</summary>
    public static List<CheckpointFile> List(string directory, string except)
    {
        var files = new List<CheckpointFile>();
        foreach (string path in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (name != except)
            {
                var (crc, length) = Crc32C.OfFile(path);
                files.Add(new CheckpointFile(name, length, crc));
            }
        }

        return files;
    }

    /// <summary>Checks that each listed file is in <paramref name="directory"/> with its size and checksum.</summary>
    public static void Verify(string directory, IEnumerable<CheckpointFile> files)
    {
        foreach (var file in files)
        {
            string path = PathIn(directory, file.Name);
            if (!File.Exists(path))
            {
                throw Damaged($"{path} is missing; the checkpoint is incomplete.");
            }

            var (crc, length) = Crc32C.OfFile(path);
            if (length != file.Size)
            {
                throw Damaged($"{path} has {length} bytes; the manifest says {file.Size}.");
            }

            if (crc != file.Crc32C)
            {
                throw Damaged($"{path} has CRC-32C {crc:x8}; the manifest says {file.Crc32C:x8}. The file is damaged.");
            }
        }
    }

    /// <summary>Copies the listed files into <paramref name="target"/> (created), each flushed to disk.</summary>
    public static void CopyInto(string source, string target, IEnumerable<CheckpointFile> files)
    {
        Directory.CreateDirectory(target);
        foreach (var file in files)
        {
            string to = PathIn(target, file.Name);
            File.Copy(PathIn(source, file.Name), to);
            using var copied = new FileStream(to, FileMode.Open, FileAccess.ReadWrite);
            copied.Flush(flushToDisk: true);
        }
    }

    public static void WriteJson<T>(string path, T value)
    {
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, value, Indented);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }

    /// <summary>Reads a manifest; a missing or unreadable one is an incomplete or damaged checkpoint.</summary>
    public static T ReadJson<T>(string path)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw Damaged($"{path} is missing; the checkpoint is incomplete or this is not a checkpoint.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path)) ?? throw Damaged($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw Damaged($"{path} is not a readable manifest: {ex.Message}");
        }
    }

    /// <summary>True when <paramref name="directory"/> is absent or holds nothing.</summary>
    public static bool IsAbsentOrEmpty(string directory) =>
        !Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any();

    public static ChirpException Damaged(string message) => new(ChirpErrorCode.DamagedCheckpoint, message);

    /// <summary>A manifest names files in its own folder only; a name with a path in it is refused.</summary>
    private static string PathIn(string directory, string name) =>
        name.Length == 0 || name != Path.GetFileName(name) || name is "." or ".."
            ? throw Damaged($"The manifest in {directory} names the file '{name}', which is not a plain file name.")
            : Path.Combine(directory, name);
}
