using System.Diagnostics;
using System.Globalization;

namespace Chirp.Bench.Cluster;

/// <summary>
/// <c>idle</c>: the cluster without any request for a while: each node's CPU (user + system time of its process, which
/// .NET reads from /proc/&lt;pid&gt;/stat) as a share of one core, and the leader changes every shard saw meanwhile
/// (chirp_raft_leader_changes; each replica counts the changes it saw, so a shard's count is the most any replica saw).
/// </summary>
public static class IdlePhase
{
    private const string LeaderChanges = "chirp_raft_leader_changes";

    public static async Task RunAsync(BenchCluster cluster, int seconds, TimeSpan settle)
    {
        var inv = CultureInfo.InvariantCulture;
        await Task.Delay(settle).ConfigureAwait(false);
        var before = await Task.WhenAll(cluster.Nodes.Select(cluster.ScrapeAsync)).ConfigureAwait(false);
        var processes = cluster.Nodes.Select(node => Process.GetProcessById(node.Pid)).ToList();
        var cpuBefore = processes.Select(p => p.TotalProcessorTime).ToList();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var wall = clock.Elapsed;
        foreach (var process in processes)
        {
            process.Refresh();
        }

        var cpuAfter = processes.Select(p => p.TotalProcessorTime).ToList();
        var after = await Task.WhenAll(cluster.Nodes.Select(cluster.ScrapeAsync)).ConfigureAwait(false);
        foreach (var process in processes)
        {
            process.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"idle: {cluster.Nodes.Count} nodes x {cluster.ShardCount} shards, no requests for {wall.TotalSeconds:F0} s (after {settle.TotalSeconds:F0} s to settle)"));
        Console.WriteLine($"  {"node",-8} {"pid",8} {"CPU % of a core",16} {"leader changes seen",20}");
        double total = 0;
        for (int i = 0; i < cluster.Nodes.Count; i++)
        {
            double percent = (cpuAfter[i] - cpuBefore[i]).TotalSeconds / wall.TotalSeconds * 100;
            total += percent;
            double seen = after[i].Sum(LeaderChanges) - before[i].Sum(LeaderChanges);
            Console.WriteLine(string.Create(inv, $"  {cluster.Nodes[i].Id,-8} {cluster.Nodes[i].Pid,8} {percent,16:F2} {seen,20:F0}"));
        }

        int changes = 0;
        for (int shard = 0; shard < cluster.ShardCount; shard++)
        {
            changes += (int)Enumerable.Range(0, cluster.Nodes.Count).Max(i => after[i].OfShard(LeaderChanges, shard) - before[i].OfShard(LeaderChanges, shard));
        }

        Console.WriteLine(string.Create(inv, $"  total CPU {total:F2} % of a core; leader changes over all shards: {changes} (issue 15: 0 in 10 quiet minutes)"));
        Console.WriteLine(string.Create(inv, $"RESULT cluster phase=idle seconds={wall.TotalSeconds:F0} cpu_percent_total={total:F2} leader_changes={changes}"));
    }
}
