using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Server.Cluster;

namespace Chirp.Bench.Cluster;

/// <summary>
/// <c>snapshot</c>: on a cluster that snapshots every few thousand entries, after a fill of posts, a follower is
/// (1) killed while the posts go on for a while and restarted with its data (catch-up), then (2) killed, its data
/// directory deleted, and restarted (it can only rejoin through snapshots, the leaders' logs before them being gone).
/// Each time: how long until it is ready, and the snapshot bytes it installed (chirp_raft_snapshot_installed_bytes).
/// </summary>
public static class SnapshotPhase
{
    private const string InstalledBytes = "chirp_raft_snapshot_installed_bytes";
    private const string Installs = "chirp_raft_snapshot_installs";
    private const string SnapshotIndex = "chirp_raft_snapshot_index";
    private const int FillStep = 5;
    private static readonly TimeSpan MaxFill = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(300);

    public static async Task RunAsync(string[] texts, ClusterBenchSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        string[] extra =
        [
            "--Chirp:Cluster:SnapshotEveryEntries", settings.SnapshotEveryEntries.ToString(inv),
            // A snapshot travels as one Raft request: a generous timeout lets a large one through.
            "--Chirp:Cluster:RequestTimeoutMs", "120000",
        ];
        await using var cluster = await BenchCluster.StartAsync(settings.Nodes, settings.Shards, replicated: true, settings.Directory, extra).ConfigureAwait(false);
        var users = await ClusterUsers.SignUpAsync(cluster, settings.Users, settings.Follows, settings.Concurrency, settings.Seed).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"snapshot: {settings.Nodes} nodes x {settings.Shards} shards, a snapshot every {settings.SnapshotEveryEntries:N0} entries; filling for {settings.FillSeconds} s"));
        // At least --fill-seconds, and on until every replica of every shard has published a snapshot (the log before
        // it deleted), so that a wiped node can only rejoin through snapshots.
        long turn = -1;
        long posts = 0;
        var filling = Stopwatch.StartNew();
        while (true)
        {
            var fill = await HttpLoad.SaturateAsync(cluster.Client, () => users.Post(cluster.Nodes[(int)(Interlocked.Increment(ref turn) % cluster.Nodes.Count)].ApiUrl,
                Random.Shared.Next(users.Count), texts[Random.Shared.Next(texts.Length)]), settings.Concurrency, 0, FillStep).ConfigureAwait(false);
            posts += fill.Latency.Count;
            var scrapes = await Task.WhenAll(cluster.Nodes.Select(cluster.ScrapeAsync)).ConfigureAwait(false);
            bool published = scrapes.All(scrape => Enumerable.Range(0, settings.Shards).All(shard => scrape.OfShard(SnapshotIndex, shard) > 0));
            if ((filling.Elapsed.TotalSeconds >= settings.FillSeconds && published) || filling.Elapsed > MaxFill)
            {
                Console.WriteLine(string.Create(inv, $"  filled: {posts:N0} posts in {filling.Elapsed.TotalSeconds:F0} s ({posts / filling.Elapsed.TotalSeconds:N0}/s); every replica published a snapshot: {published}; data directory of {cluster.Nodes[0].Id}: {DirectoryMiB(cluster.Nodes[0].DataDirectory):F1} MiB"));
                break;
            }
        }

        var follower = await LeastLeadingAsync(cluster).ConfigureAwait(false);
        int half = Math.Max(1, settings.Concurrency / 4);

        // (1) Down for a while with its data, the others taking posts meanwhile.
        await cluster.KillAsync(follower).ConfigureAwait(false);
        var down = Stopwatch.StartNew();
        PostOutcomes missed;
        await using (var load = new BackgroundPosts(cluster, users, texts, half))
        {
            load.SetDown(follower, true);
            await Task.Delay(TimeSpan.FromSeconds(settings.DownSeconds)).ConfigureAwait(false);
            missed = load.Outcomes;
        }

        Console.WriteLine(string.Create(inv, $"  {follower.Id} was down {down.Elapsed.TotalSeconds:F0} s while {missed.Ok:N0} posts were acknowledged ({half} closed loops)"));
        var catchUp = await RejoinAsync(cluster, follower).ConfigureAwait(false);

        // (2) Its data gone: it can only rejoin through the leaders' snapshots.
        await cluster.KillAsync(follower).ConfigureAwait(false);
        double wipedMiB = DirectoryMiB(follower.DataDirectory);
        Directory.Delete(follower.DataDirectory, recursive: true);
        var wiped = await RejoinAsync(cluster, follower).ConfigureAwait(false);

        Console.WriteLine($"  {"restart of " + follower.Id,-30} {"ready after s",14} {"installs",9} {"installed MiB",14} {"MiB/s (to ready)",17}");
        Row("with its data (catch-up)", catchUp);
        Row($"data deleted ({wipedMiB:F0} MiB)", wiped);
        Console.WriteLine("  MiB/s is the installed bytes over the whole time from the restart to /readyz 200 (process start included): a lower bound of the install rate. (issue 15: snapshot install >= 100 MiB/s)");
        Console.WriteLine(string.Create(inv, $"RESULT cluster phase=snapshot down_s={settings.DownSeconds} catchup_ready_s={catchUp.Ready.TotalSeconds:F2} catchup_installed_bytes={catchUp.Bytes:F0} wiped_ready_s={wiped.Ready.TotalSeconds:F2} wiped_installed_bytes={wiped.Bytes:F0} wiped_mib_per_s={wiped.MiBPerSecond:F1}"));

        void Row(string name, Rejoin r) =>
            Console.WriteLine(string.Create(inv, $"  {name,-30} {r.Ready.TotalSeconds,14:F2} {r.Installs,9:F0} {r.Bytes / (1024.0 * 1024),14:F1} {r.MiBPerSecond,17:F1}"));
    }

    private static async Task<Rejoin> RejoinAsync(BenchCluster cluster, LocalClusterNode node)
    {
        var clock = Stopwatch.StartNew();
        cluster.Restart(node);
        await cluster.WaitReadyAsync(ReadyTimeout, [node]).ConfigureAwait(false);
        var ready = clock.Elapsed;
        var metrics = await cluster.ScrapeAsync(node).ConfigureAwait(false);
        if (!metrics.Has(InstalledBytes))
        {
            Console.WriteLine($"  note: this server exposes no {InstalledBytes}; only the time to ready is measured");
        }

        return new Rejoin(ready, metrics.Sum(Installs), metrics.Sum(InstalledBytes));
    }

    /// <summary>The node leading the fewest shards: killing it disturbs the fewest groups.</summary>
    private static async Task<LocalClusterNode> LeastLeadingAsync(BenchCluster cluster)
    {
        var led = await Task.WhenAll(cluster.Nodes.Select(async node => (Node: node, Count: (await cluster.TopologyAsync(node).ConfigureAwait(false)).Count(view => view.IsLeader)))).ConfigureAwait(false);
        return led.OrderBy(entry => entry.Count).First().Node;
    }

    private static double DirectoryMiB(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length) / (1024.0 * 1024) : 0;

    private sealed record Rejoin(TimeSpan Ready, double Installs, double Bytes)
    {
        public double MiBPerSecond => Bytes / (1024.0 * 1024) / Ready.TotalSeconds;
    }
}
