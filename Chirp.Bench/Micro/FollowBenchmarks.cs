using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// One <see cref="ChirpEngine.FollowAsync"/> call at a time, each a new (follower, followee) pair among 2,000
/// accounts on 4 shards (WAL on, no fsync). The call returns when the follower's side is written; the followee's side
/// is delivered through the outbox in the background (3 in 4 pairs cross shards), and that work is not waited for.
/// </summary>
[MemoryDiagnoser]
public class FollowBenchmarks
{
    private const int AccountCount = 2_000;

    private ScratchEngine _scratch = null!;
    private long[] _accounts = [];
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _scratch = ScratchEngine.Create(shardCount: 4);
        _accounts = _scratch.CreateAccountsAsync(AccountCount, "follower").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "Follow (new pair)")]
    public ValueTask Follow()
    {
        // Pair k: follower k mod n follows the account (1 + k / n) places after it; new pairs for n * (n - 1) calls.
        long k = _next++;
        int n = _accounts.Length;
        int follower = (int)(k % n);
        int followee = (int)((follower + 1 + (k / n % (n - 1))) % n);
        return _scratch.Engine.FollowAsync(_accounts[follower], _accounts[followee]);
    }
}
