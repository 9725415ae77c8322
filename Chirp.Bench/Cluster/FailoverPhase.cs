using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Server.Cluster;

namespace Chirp.Bench.Cluster;

/// <summary>
/// <c>failover</c>: under a steady post load through all nodes, the leader of a shard (a different shard each round)
/// is killed with SIGKILL; for every shard it led, probes post as users of that shard through each surviving node
/// until one is acknowledged, and the time from the kill to that acknowledgement is the shard's failover time. The
/// node is then restarted and every node must be ready again before the next round.
/// </summary>
public static class FailoverPhase
{
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(BenchCluster cluster, ClusterUsers users, string[] texts, int kills, int loadConcurrency)
    {
        var inv = CultureInfo.InvariantCulture;
        for (int shard = 0; shard < cluster.ShardCount; shard++)
        {
            if (users.ByShard[shard].Length == 0)
            {
                throw new InvalidOperationException($"No user landed on shard {shard}; sign up more users (--users).");
            }
        }

        var failovers = new List<double>();
        var rejoins = new List<double>();
        var restartFailures = new List<string>();
        var probes = new PostOutcomes();
        int timeouts = 0;
        Console.WriteLine();
        Console.WriteLine($"failover: {kills} kills of a shard leader (SIGKILL) under {loadConcurrency} closed loops of posts through the running nodes");
        await using (var load = new BackgroundPosts(cluster, users, texts, loadConcurrency))
        {
            for (int round = 0; round < kills; round++)
            {
                var (victim, led) = await FindLeaderAsync(cluster, round % cluster.ShardCount).ConfigureAwait(false);
                var survivors = cluster.Nodes.Where(node => node != victim).ToList();
                load.SetDown(victim, true);
                long killed = Stopwatch.GetTimestamp();
                await cluster.KillAsync(victim).ConfigureAwait(false);
                var times = await Task.WhenAll(led.Select(shard => FirstWriteAsync(cluster, users, texts, shard, survivors, killed, probes))).ConfigureAwait(false);
                foreach (var time in times)
                {
                    if (time is { } seconds)
                    {
                        failovers.Add(seconds);
                    }
                    else
                    {
                        timeouts++;
                    }
                }

                var restarted = Stopwatch.StartNew();
                cluster.Restart(victim);
                try
                {
                    await cluster.WaitReadyAsync(ReadyTimeout).ConfigureAwait(false);
                }
                catch (NodeExitedException e)
                {
                    // A restart that fails is a finding; the node gets one more start so the rounds can go on.
                    restartFailures.Add(e.Message);
                    Console.WriteLine($"  FINDING: {e.Message}; starting it once more");
                    cluster.Restart(victim);
                    await cluster.WaitReadyAsync(ReadyTimeout).ConfigureAwait(false);
                }

                rejoins.Add(restarted.Elapsed.TotalSeconds);
                load.SetDown(victim, false);
                Console.WriteLine(string.Create(inv, $"  kill {round + 1,3}: {victim.Id} led shards {string.Join(',', led)}; first acknowledged write after {string.Join(", ", times.Select(t => t is { } s ? s.ToString("F2", inv) + " s" : "none"))}; ready again {restarted.Elapsed.TotalSeconds:F1} s after the restart"));
            }

            await Task.Yield();
            Report(failovers, rejoins, timeouts, probes, load.Outcomes);
            cluster.KeepLogs |= probes.OtherStatus + load.Outcomes.OtherStatus > 0 || restartFailures.Count > 0;
            Console.WriteLine($"  restarts after which the node exited on its own (a finding): {restartFailures.Count}");
            foreach (string failure in restartFailures)
            {
                Console.WriteLine($"    {failure}");
            }
        }
    }

    /// <summary>The node leading <paramref name="shard"/> as it reports itself, and every shard it leads; waits out an election.</summary>
    private static async Task<(LocalClusterNode Node, int[] Led)> FindLeaderAsync(BenchCluster cluster, int shard)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var node in cluster.Nodes)
            {
                var views = await cluster.TopologyAsync(node).ConfigureAwait(false);
                if (views.Any(view => view.Shard == shard && view.IsLeader))
                {
                    return (node, [.. views.Where(view => view.IsLeader).Select(view => view.Shard)]);
                }
            }

            if (clock.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"No node reports leading shard {shard}.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Seconds from <paramref name="killed"/> to the first acknowledged post of a user of <paramref name="shard"/>,
    /// probing through every survivor at once (null if none within <see cref="ProbeDeadline"/>).
    /// </summary>
    private static async Task<double?> FirstWriteAsync(BenchCluster cluster, ClusterUsers users, string[] texts, int shard, List<LocalClusterNode> survivors, long killed, PostOutcomes outcomes)
    {
        using var done = new CancellationTokenSource(ProbeDeadline);
        long first = long.MaxValue;
        await Task.WhenAll(survivors.Select(async node =>
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    int user = users.ByShard[shard][Random.Shared.Next(users.ByShard[shard].Length)];
                    if (await outcomes.SendAsync(cluster.Client, users.Post(node.ApiUrl, user, texts[Random.Shared.Next(texts.Length)]), done.Token).ConfigureAwait(false))
                    {
                        long now = Stopwatch.GetTimestamp();
                        InterlockedMin(ref first, now);
                        await done.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    await Task.Delay(ProbePause, done.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                // Another survivor's probe got there first, or the deadline passed.
            }
        })).ConfigureAwait(false);
        long at = Interlocked.Read(ref first);
        return at == long.MaxValue ? null : (at - killed) / (double)Stopwatch.Frequency;
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long current = Interlocked.Read(ref target);
        while (value < current)
        {
            long seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void Report(List<double> failovers, List<double> rejoins, int timeouts, PostOutcomes probes, PostOutcomes load)
    {
        var inv = CultureInfo.InvariantCulture;
        var times = new LatencySummary(failovers.Select(s => (long)(s * Stopwatch.Frequency)));
        var ready = new LatencySummary(rejoins.Select(s => (long)(s * Stopwatch.Frequency)));
        Console.WriteLine($"  {"",-44} {"p50 s",7} {"p90 s",7} {"max s",7} {"count",6}");
        Console.WriteLine(string.Create(inv, $"  {"kill -> first acknowledged write on its shard",-44} {times.PercentileMicroseconds(50) / 1e6,7:F2} {times.PercentileMicroseconds(90) / 1e6,7:F2} {times.MaxMicroseconds / 1e6,7:F2} {times.Count,6}"));
        Console.WriteLine(string.Create(inv, $"  {"restart -> every node ready",-44} {ready.PercentileMicroseconds(50) / 1e6,7:F2} {ready.PercentileMicroseconds(90) / 1e6,7:F2} {ready.MaxMicroseconds / 1e6,7:F2} {ready.Count,6}"));
        Console.WriteLine($"  shards with no acknowledged write within {ProbeDeadline.TotalSeconds:F0} s: {timeouts}  (issue 15: p50 <= 2.5 s, p90 <= 3.5 s, max <= 5 s)");
        Console.WriteLine($"  {"posts",-10} {"ok",8} {"503",8} {"other",8} {"no answer",10}");
        Console.WriteLine(string.Create(inv, $"  {"probes",-10} {probes.Ok,8:N0} {probes.Unavailable,8:N0} {probes.OtherStatus,8:N0} {probes.NoAnswer,10:N0}"));
        Console.WriteLine(string.Create(inv, $"  {"load",-10} {load.Ok,8:N0} {load.Unavailable,8:N0} {load.OtherStatus,8:N0} {load.NoAnswer,10:N0}"));
        foreach (string? first in new[] { probes.FirstOther, load.FirstOther })
        {
            if (first is not null)
            {
                Console.WriteLine($"  FINDING, an answer other than 2xx or 503: {first}");
            }
        }

        if ((load.FirstNoAnswer ?? probes.FirstNoAnswer) is { } broken)
        {
            Console.WriteLine($"  first request without an answer (expected for those in flight to the killed node): {broken}");
        }

        Console.WriteLine(string.Create(inv, $"RESULT cluster phase=failover kills={rejoins.Count} p50_s={times.PercentileMicroseconds(50) / 1e6:F2} p90_s={times.PercentileMicroseconds(90) / 1e6:F2} max_s={times.MaxMicroseconds / 1e6:F2} timeouts={timeouts} status_503={probes.Unavailable + load.Unavailable} other_status={probes.OtherStatus + load.OtherStatus} no_answer={probes.NoAnswer + load.NoAnswer}"));
    }
}
