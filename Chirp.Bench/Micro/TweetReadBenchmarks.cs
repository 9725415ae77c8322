using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// Warm reads of tweets: 10,000 tweets with corpus texts on 4 shards, read over and over so their blocks are cached
/// (most still sit in the memtable). GetTweet cycles over 1,024 ids; GetTweets asks for 20 ids in one call.
/// </summary>
[MemoryDiagnoser]
public class TweetReadBenchmarks
{
    private const int TweetCount = 10_000;
    private const int BatchSize = 20;
    private const int BatchCount = 64;

    private ScratchEngine _scratch = null!;
    private long[] _ids = [];
    private long[][] _batches = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        string[] texts = MicroFixture.LoadTexts();
        _scratch = ScratchEngine.Create(shardCount: 4);
        long[] authors = _scratch.CreateAccountsAsync(100, "reader").GetAwaiter().GetResult();
        long[] all = MicroFixture.CreateTweetsAsync(_scratch, authors, texts, TweetCount).GetAwaiter().GetResult();
        var random = new Random(42);
        _ids = random.GetItems(all, 1024);
        _batches = [.. Enumerable.Range(0, BatchCount).Select(_ => random.GetItems(all, BatchSize))];
        foreach (long id in all)
        {
            _ = _scratch.Engine.GetTweet(id) ?? throw new InvalidOperationException($"Tweet {id} was not found after creation.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "GetTweet (warm)")]
    public Tweet? GetTweet() => _scratch.Engine.GetTweet(_ids[_next++ & 1023]);

    [Benchmark(Description = "GetTweets (20 ids, warm)")]
    public IReadOnlyList<Tweet?> GetTweets20() => _scratch.Engine.GetTweets(_batches[_next++ & (BatchCount - 1)]);
}
