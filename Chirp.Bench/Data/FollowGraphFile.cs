using System.IO.Compression;

namespace Chirp.Bench.Data;

/// <summary>
/// Reads a directed follow graph: gzip'd (or plain) text, one edge per line, <c>src dst</c> separated by a space or a
/// tab, meaning src follows dst (the KONECT munmun_twitter_social convention, see shared/data/README.md). Blank lines
/// and lines starting with '%' or '#' are skipped. Node ids are positive integers.
/// </summary>
public sealed class FollowGraphFile
{
    /// <summary>The main graph's file name in the shared data directory.</summary>
    public const string DefaultFileName = "twitter-follow-graph.txt.gz";

    public FollowGraphFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The KONECT twitter graph in the shared data directory.</summary>
    public static FollowGraphFile Default() => new(RepositoryPaths.DataFile(DefaultFileName));

    /// <summary>Streams the edges in file order, at most <paramref name="limit"/> of them (all when null).</summary>
    public IEnumerable<FollowEdge> ReadEdges(long? limit = null)
    {
        using var reader = OpenText();
        long count = 0;
        long lineNumber = 0;
        string? line;
        while ((limit is null || count < limit) && (line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var span = line.AsSpan().Trim();
            if (span.IsEmpty || span[0] is '%' or '#')
            {
                continue;
            }

            int separator = span.IndexOfAny(' ', '\t');
            if (separator <= 0
                || !int.TryParse(span[..separator], out int follower)
                || !int.TryParse(span[(separator + 1)..].Trim(), out int followee)
                || follower <= 0 || followee <= 0)
            {
                throw new InvalidDataException($"{Path}:{lineNumber}: expected 'src dst' with positive integer ids, got '{line}'.");
            }

            count++;
            yield return new FollowEdge(follower, followee);
        }
    }

    /// <summary>Reads the edges into memory, at most <paramref name="limit"/> of them.</summary>
    public FollowEdge[] LoadEdges(long? limit = null) => [.. ReadEdges(limit)];

    private StreamReader OpenText()
    {
        Stream stream = File.OpenRead(Path);
        if (Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, bufferSize: 1 << 16);
    }
}
