using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// The first page of 20 followers of an account with 1,000 followers (4 shards, outbox flushed before measuring, so
/// the follower list is complete and nothing runs in the background).
/// </summary>
[MemoryDiagnoser]
public class FollowerPageBenchmarks
{
    private const int FollowerCount = 1_000;

    private ScratchEngine _scratch = null!;
    private long _target;

    [GlobalSetup]
    public void Setup()
    {
        _scratch = ScratchEngine.Create(shardCount: 4);
        long[] accounts = _scratch.CreateAccountsAsync(FollowerCount + 1, "fan").GetAwaiter().GetResult();
        _target = accounts[0];
        Task.WhenAll(accounts.Skip(1).Select(a => _scratch.Engine.FollowAsync(a, _target).AsTask())).GetAwaiter().GetResult();
        _scratch.Engine.FlushOutboxAsync().GetAwaiter().GetResult();
        long followers = _scratch.Engine.GetAccount(_target)!.FollowersCount;
        if (followers != FollowerCount)
        {
            throw new InvalidOperationException($"Expected {FollowerCount} followers after the flush, found {followers}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "GetFollowers (page of 20)")]
    public Page<AccountEdge> FollowerPage() => _scratch.Engine.GetFollowers(_target, PageRequest.First(20));
}
