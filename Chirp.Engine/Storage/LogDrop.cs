namespace Chirp.Engine.Storage;

/// <summary>One "dropping N bytes" line that RocksDB wrote to its LOG while replaying a write-ahead log.</summary>
internal sealed record LogDrop(string File, long Bytes, string Reason)
{
    /// <summary>The damaged logs with their sizes, for example <c>000004.log (126,021 bytes)</c>.</summary>
    public static string Files(IReadOnlyList<LogDrop> drops, string directory) =>
        string.Join(", ", drops.Select(drop => drop.File).Distinct(StringComparer.Ordinal).Select(file =>
        {
            var info = new FileInfo(Path.Combine(directory, file));
            return info.Exists ? $"{file} ({info.Length:N0} bytes)" : file;
        }));

    public static string Describe(IReadOnlyList<LogDrop> drops) =>
        "RocksDB: " + string.Join("; ", drops.Select(drop => $"{drop.File}: dropping {drop.Bytes:N0} bytes, {drop.Reason}"));
}
