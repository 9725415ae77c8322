using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// One <see cref="ChirpEngine.FollowAsync"/> call at a time, each a new (follower, followee) pair, 2,000 accounts on 4
/// shards (WAL on, no fsync). The call returns when the follower's side is written.
/// <list type="bullet">
/// <item><see cref="Follow"/>: any pair; 3 in 4 cross shards, and then the followee's side is delivered through the
/// outbox in the background, competing for the CPU (that work is not waited for, but it is what slows the calls).</item>
/// <item><see cref="FollowSameShard"/>: both accounts on the same shard, so both sides are written in one batch and
/// there is no outbox traffic. The difference between the two is the cost of cross-shard delivery.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class FollowBenchmarks
{
    private const int AccountCount = 2_000;

    private ScratchEngine _scratch = null!;
    private long[] _accounts = [];
    private long[][] _accountsByShard = [];
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _scratch = ScratchEngine.Create(shardCount: 4);
        _accounts = _scratch.CreateAccountsAsync(AccountCount, "follower").GetAwaiter().GetResult();
        _accountsByShard = [.. _accounts.GroupBy(SnowflakeId.ShardOf).OrderBy(g => g.Key).Select(g => g.ToArray())];
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "Follow (new pair, 3/4 cross-shard)")]
    public ValueTask<OutboxReceipt> Follow()
    {
        var (follower, followee) = Pair(_accounts, _next++);
        return _scratch.Engine.FollowAsync(follower, followee);
    }

    [Benchmark(Description = "Follow (new pair, same shard)")]
    public ValueTask<OutboxReceipt> FollowSameShard()
    {
        long k = _next++;
        var shard = _accountsByShard[k % _accountsByShard.Length];
        var (follower, followee) = Pair(shard, k / _accountsByShard.Length);
        return _scratch.Engine.FollowAsync(follower, followee);
    }

    /// <summary>Pair k of a list of n: k mod n follows the account (1 + k / n) places after it; new for n * (n - 1) calls.</summary>
    private static (long Follower, long Followee) Pair(long[] accounts, long k)
    {
        int n = accounts.Length;
        int follower = (int)(k % n);
        int followee = (int)((follower + 1 + (k / n % (n - 1))) % n);
        return (accounts[follower], accounts[followee]);
    }
}
