using System.Globalization;
using Chirp.Bench.Support;

namespace Chirp.Bench.Cluster;

/// <summary>
/// <c>posts</c>: closed-loop POST /api/v1/statuses at saturation, the same client and settings against a lone server
/// process and against the cluster, requests spread round-robin over the nodes.
/// </summary>
public static class PostsPhase
{
    public static async Task<HttpRunResult> MeasureAsync(BenchCluster cluster, ClusterUsers users, string[] texts, ClusterBenchSettings settings)
    {
        long turn = -1;
        HttpRequestMessage Next()
        {
            var node = cluster.Nodes[(int)(Interlocked.Increment(ref turn) % cluster.Nodes.Count)];
            return users.Post(node.ApiUrl, Random.Shared.Next(users.Count), texts[Random.Shared.Next(texts.Length)]);
        }

        return await HttpLoad.SaturateAsync(cluster.Client, Next, settings.Concurrency, settings.Warmup, settings.Seconds).ConfigureAwait(false);
    }

    /// <summary>A lone server (no cluster settings) measured the same way, started and stopped here.</summary>
    public static async Task<HttpRunResult> MeasureSingleAsync(string[] texts, ClusterBenchSettings settings)
    {
        await using var single = await BenchCluster.StartAsync(1, settings.Shards, replicated: false, settings.Directory, []).ConfigureAwait(false);
        var users = await ClusterUsers.SignUpAsync(single, settings.Users, settings.Follows, settings.Concurrency, settings.Seed).ConfigureAwait(false);
        return await MeasureAsync(single, users, texts, settings).ConfigureAwait(false);
    }

    public static void Report(HttpRunResult single, HttpRunResult cluster, int nodes)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("posts: POST /api/v1/statuses at saturation (closed loops), random user, random corpus text");
        Console.WriteLine($"  {"server",-16} {"posts/s",10} {"p50 ms",9} {"p99 ms",9} {"max ms",9} {"errors",7}");
        Row("single process", single);
        Row($"{nodes}-node cluster", cluster);
        double ratio = cluster.RequestsPerSecond / single.RequestsPerSecond;
        Console.WriteLine(string.Create(inv, $"  cluster / single: {ratio:P1} (issue 15: >= 50 %, stretch 65 %)"));
        Console.WriteLine(string.Create(inv, $"RESULT cluster phase=posts single_per_s={single.RequestsPerSecond:F0} cluster_per_s={cluster.RequestsPerSecond:F0} ratio={ratio:F3} single_p99_us={single.Latency.PercentileMicroseconds(99):F0} cluster_p99_us={cluster.Latency.PercentileMicroseconds(99):F0} errors={single.Errors + cluster.Errors}"));

        void Row(string name, HttpRunResult r)
        {
            Console.WriteLine(string.Create(inv, $"  {name,-16} {r.RequestsPerSecond,10:N0} {r.Latency.PercentileMicroseconds(50) / 1000,9:F1} {r.Latency.PercentileMicroseconds(99) / 1000,9:F1} {r.Latency.MaxMicroseconds / 1000,9:F1} {r.Errors,7:N0}"));
            if (r.FirstError is not null)
            {
                Console.WriteLine($"    first error: {r.FirstError}");
            }
        }
    }
}
