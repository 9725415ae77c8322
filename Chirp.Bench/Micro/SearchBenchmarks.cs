using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// Search on 20,000 corpus tweets over 4 shards: first pages of 20 for a common word, a two-word query, a phrase, a
/// hashtag and from:, hydrated as a client gets them.
/// </summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private const int TweetCount = 20_000;

    private ScratchEngine _scratch = null!;
    private string[] _texts = [];

    [Params("love", "good morning", "\"going to\"", "#followfriday", "from:reader7")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _texts = MicroFixture.LoadTexts();
        _scratch = ScratchEngine.Create(shardCount: 4);
        long[] authors = _scratch.CreateAccountsAsync(100, "reader").GetAwaiter().GetResult();
        MicroFixture.CreateTweetsAsync(_scratch, authors, _texts, TweetCount).GetAwaiter().GetResult();
        _scratch.Engine.WaitForSearchAsync().GetAwaiter().GetResult();
        if (_scratch.Engine.SearchTweets(Query).Items.Count == 0)
        {
            throw new InvalidOperationException($"'{Query}' finds nothing in the benchmark's tweets.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "SearchTweets (first page of 20, recent)")]
    public SearchPage Search() => _scratch.Engine.SearchTweets(Query);
}
