using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// One <see cref="ChirpEngine.CreateTweetAsync"/> call at a time (latency, not throughput): 4 shards, RocksDB WAL on,
/// no fsync (<see cref="ChirpEngineOptions.SyncWrites"/> false), real corpus texts, 100 authors round-robin.
/// </summary>
[MemoryDiagnoser]
public class TweetWriteBenchmarks
{
    private ScratchEngine _scratch = null!;
    private long[] _authors = [];
    private string[] _texts = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _texts = MicroFixture.LoadTexts();
        _scratch = ScratchEngine.Create(shardCount: 4, syncWrites: false);
        _authors = _scratch.CreateAccountsAsync(100, "writer").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "CreateTweet (WAL, no fsync)")]
    public ValueTask<Tweet> CreateTweet()
    {
        int i = _next++;
        return _scratch.Engine.CreateTweetAsync(_authors[i % _authors.Length], _texts[i % _texts.Length]);
    }
}
