using System.Globalization;
using System.Text.RegularExpressions;

namespace Chirp.Engine.Storage;

/// <summary>
/// Reads what RocksDB dropped while replaying write-ahead logs from its LOG file: its corruption status says only
/// "checksum mismatch", the LOG names the file and the bytes (<c>/db/000004.log: dropping 1268 bytes; Corruption: ...</c>).
/// </summary>
internal static partial class LogDrops
{
    /// <summary>The drops of the last open of the database at <paramref name="path"/> (its LOG is begun anew at each open).</summary>
    public static IReadOnlyList<LogDrop> Read(string path)
    {
        string log = Path.Combine(path, "LOG");
        if (!File.Exists(log))
        {
            return [];
        }

        var drops = new List<LogDrop>();
        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            if (DropPattern().Match(line) is { Success: true } match)
            {
                drops.Add(new LogDrop(
                    Path.GetFileName(match.Groups["file"].Value),
                    long.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture),
                    match.Groups["reason"].Value.Trim()));
            }
        }

        return drops;
    }

    [GeneratedRegex(@"(?<file>[^\s\]]+\.log): dropping (?<bytes>\d+) bytes; (?<reason>.*)$")]
    private static partial Regex DropPattern();
}
