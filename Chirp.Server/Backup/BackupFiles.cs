using System.Text.Json;
using Chirp.Engine;

namespace Chirp.Server.Backup;

/// <summary>Listing, checking and copying the files of a backup by their paths relative to it.</summary>
internal static class BackupFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every file under <paramref name="root"/>/<paramref name="part"/>, in path order, with size and checksum.</summary>
    public static IEnumerable<BackupFile> List(string root, string part)
    {
        string folder = Path.Combine(root, part);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => Describe(root, relative))
            .ToList();
    }

    public static BackupFile Describe(string root, string relative)
    {
        var (crc, length) = Crc32C.OfFile(PathIn(root, relative));
        return new BackupFile(relative, length, crc);
    }

    /// <summary>Checks each file's presence, size and CRC-32C; throws <see cref="ChirpErrorCode.DamagedCheckpoint"/> naming the first bad one.</summary>
    public static void Verify(string root, IEnumerable<BackupFile> files)
    {
        foreach (var file in files)
        {
            string path = PathIn(root, file.Path);
            if (!File.Exists(path))
            {
                throw Damaged($"{path} is missing; the backup is incomplete.");
            }

            var (crc, length) = Crc32C.OfFile(path);
            if (length != file.Size)
            {
                throw Damaged($"{path} has {length} bytes; the backup manifest says {file.Size}.");
            }

            if (crc != file.Crc32C)
            {
                throw Damaged($"{path} has CRC-32C {crc:x8}; the backup manifest says {file.Crc32C:x8}. The file is damaged.");
            }
        }
    }

    /// <summary>Copies each file to the same relative path under <paramref name="target"/>, flushed to disk.</summary>
    public static void CopyInto(string root, string target, IEnumerable<BackupFile> files)
    {
        foreach (var file in files)
        {
            string to = PathIn(target, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(PathIn(root, file.Path), to);
            using var copied = new FileStream(to, FileMode.Open, FileAccess.ReadWrite);
            copied.Flush(flushToDisk: true);
        }
    }

    public static void WriteManifest(string root, BackupManifest manifest)
    {
        string path = Path.Combine(root, BackupLayout.ManifestFileName);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, manifest, Indented);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }

    public static BackupManifest ReadManifest(string root)
    {
        string path = Path.Combine(root, BackupLayout.ManifestFileName);
        if (!File.Exists(path))
        {
            throw Damaged($"{path} is missing: {root} is not a backup, or the backup did not finish.");
        }

        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(File.ReadAllBytes(path)) ?? throw Damaged($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw Damaged($"{path} is not a readable backup manifest: {ex.Message}");
        }
    }

    public static ChirpException Damaged(string message) => new(ChirpErrorCode.DamagedCheckpoint, message);

    /// <summary>A manifest path stays inside the backup: no rooted path, no <c>..</c>.</summary>
    private static string PathIn(string root, string relative)
    {
        string full = Path.GetFullPath(Path.Combine(root, relative));
        string prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            ? full
            : throw Damaged($"The backup manifest names '{relative}', which is outside the backup.");
    }
}
