using System.Globalization;
using System.Text;
using Chirp.Bench.Data;
using Chirp.Bench.Workload;

namespace Chirp.Engine.Tests.Workload;

/// <summary>A small follow graph and corpus written to a temporary directory, and settings sized for them.</summary>
internal sealed class WorkloadData : IDisposable
{
    public WorkloadData(int nodes = 80, int followersWithLists = 25, int followsEach = 12, int seed = 7)
    {
        Directory = Path.Combine(Path.GetTempPath(), "chirp-workload-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var random = new Random(seed);
        var graph = new StringBuilder();
        for (int follower = 1; follower <= followersWithLists; follower++)
        {
            foreach (int followee in Enumerable.Range(1, nodes).Where(n => n != follower).OrderBy(_ => random.Next()).Take(followsEach))
            {
                graph.Append(CultureInfo.InvariantCulture, $"{follower} {followee}\n");
            }
        }

        GraphPath = Path.Combine(Directory, "graph.txt");
        File.WriteAllText(GraphPath, graph.ToString());

        string[] words = ["river", "mountain", "coffee", "garden", "planet", "window", "silver", "orange", "thunder", "meadow"];
        var corpus = new StringBuilder("id\tauthor\tcreated_at\ttext\n");
        for (int i = 0; i < 120; i++)
        {
            string text = $"{words[i % words.Length]} and {words[(i * 7 + 3) % words.Length]} today";
            // Variants a search engine may split or fold differently: these words must not be cross-checked.
            text += (i % 10) switch
            {
                0 => " #thunder",
                1 => " meadow's",
                2 => " café",
                _ => string.Empty,
            };
            corpus.Append(CultureInfo.InvariantCulture, $"{i + 1}\tauthor{i % 9}\t\t{text}\n");
        }

        CorpusPath = Path.Combine(Directory, "corpus.tsv");
        File.WriteAllText(CorpusPath, corpus.ToString());
    }

    public string Directory { get; }

    public string GraphPath { get; }

    public string CorpusPath { get; }

    public FollowGraphFile Graph => new(GraphPath);

    public TweetCorpusFile Corpus => new(CorpusPath);

    /// <summary>Settings for this data: one celebrity followed by half the users, a few hundred operations per phase.</summary>
    public static WorkloadSettings Settings(int seed = 11) =>
        new(null, 1, 0.5, 0.05, 300, 300, 60, 400, 8, 0, 20, 2, 40, 20, 0.2, TimeSpan.FromSeconds(60), TimeSpan.Zero, seed);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
