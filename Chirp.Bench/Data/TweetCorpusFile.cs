using System.Globalization;
using System.IO.Compression;
using Chirp.Engine;

namespace Chirp.Bench.Data;

/// <summary>
/// Reads the tweet corpus: gzip'd (or plain) UTF-8 TSV with the header <c>id	author	created_at	text</c>
/// (see shared/data/README.md). <c>created_at</c> is ISO-8601 UTC or empty.
/// </summary>
public sealed class TweetCorpusFile
{
    /// <summary>The corpus file name in the shared data directory.</summary>
    public const string DefaultFileName = "tweets-corpus.tsv.gz";

    private const string ExpectedHeader = "id\tauthor\tcreated_at\ttext";

    public TweetCorpusFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The corpus in the shared data directory.</summary>
    public static TweetCorpusFile Default() => new(RepositoryPaths.DataFile(DefaultFileName));

    /// <summary>Streams the rows in file order, at most <paramref name="limit"/> of them (all when null).</summary>
    public IEnumerable<CorpusTweet> ReadTweets(int? limit = null)
    {
        using var reader = OpenText();
        string? header = reader.ReadLine();
        if (header != ExpectedHeader)
        {
            throw new InvalidDataException($"{Path}: expected the header '{ExpectedHeader}', got '{header}'.");
        }

        int count = 0;
        long lineNumber = 1;
        string? line;
        while ((limit is null || count < limit) && (line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string[] fields = line.Split('\t', 4);
            if (fields.Length != 4 || !long.TryParse(fields[0], CultureInfo.InvariantCulture, out long id))
            {
                throw new InvalidDataException($"{Path}:{lineNumber}: expected 4 tab-separated fields starting with a numeric id.");
            }

            DateTimeOffset? createdAt = fields[2].Length == 0
                ? null
                : DateTimeOffset.Parse(fields[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            count++;
            yield return new CorpusTweet(id, fields[1], createdAt, fields[3]);
        }
    }

    /// <summary>
    /// The texts, in file order, that the engine accepts as tweet text (non-empty, at most 280 code points, well
    /// formed), at most <paramref name="limit"/> of them. Rows the engine would refuse are skipped.
    /// </summary>
    public string[] LoadValidTexts(int? limit = null)
    {
        var texts = new List<string>(limit ?? 140_000);
        foreach (var tweet in ReadTweets())
        {
            if (limit is not null && texts.Count >= limit)
            {
                break;
            }

            if (IsValidTweetText(tweet.Text))
            {
                texts.Add(tweet.Text);
            }
        }

        return [.. texts];
    }

    private static bool IsValidTweetText(string text)
    {
        try
        {
            TweetText.Normalize(text, 0);
            return true;
        }
        catch (ChirpException)
        {
            return false;
        }
    }

    private StreamReader OpenText()
    {
        Stream stream = File.OpenRead(Path);
        if (Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    }
}
