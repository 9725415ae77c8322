namespace Chirp.Engine.Storage;

/// <summary>One "dropping N bytes" line that RocksDB wrote to its LOG while replaying a write-ahead log.</summary>
internal sealed record LogDrop(string File, long Bytes, string Reason)
{
    public static string Files(IReadOnlyList<LogDrop> drops) => string.Join(", ", drops.Select(drop => drop.File).Distinct(StringComparer.Ordinal));

    public static string Describe(IReadOnlyList<LogDrop> drops) =>
        "RocksDB: " + string.Join("; ", drops.Select(drop => $"{drop.File}: dropping {drop.Bytes:N0} bytes, {drop.Reason}"));
}
