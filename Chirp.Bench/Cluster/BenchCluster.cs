using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Chirp.Bench.Support;
using Chirp.Server.Backup;
using Chirp.Server.Cluster;

namespace Chirp.Bench.Cluster;

/// <summary>
/// Chirp.Server nodes as child processes (<c>dotnet Chirp.Server.dll</c> from this bench's own output, started by
/// <see cref="LocalCluster"/> as <c>cluster-local</c> starts them), with the bench's lifted rate limits, their output
/// in log files, a shared HTTP client, and the probes the phases need: readiness, topology and metrics.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly LocalCluster _cluster;
    private readonly bool _keep;

    private BenchCluster(LocalCluster cluster, bool keep)
    {
        _cluster = cluster;
        _keep = keep;
        // The process-exit hook kills the nodes if the bench ends without disposing (an exception, Ctrl+C twice).
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        Client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public IReadOnlyList<LocalClusterNode> Nodes => _cluster.Nodes;

    public int ShardCount => _cluster.Settings.ShardCount;

    public string Root => _cluster.Settings.Root;

    /// <summary>
    /// Set by a phase that saw a finding (a 500, a node exiting on its own): the nodes' logs are then kept when the
    /// cluster's directory is deleted, and their place printed.
    /// </summary>
    public bool KeepLogs { get; set; }

    /// <summary>For requests with absolute URIs to any node.</summary>
    public HttpClient Client { get; }

    /// <summary>
    /// Starts <paramref name="nodeCount"/> nodes (replicated, or one lone server) under a new directory of
    /// <paramref name="parent"/> and waits until all are ready. <paramref name="extra"/> settings override the bench's.
    /// </summary>
    public static async Task<BenchCluster> StartAsync(int nodeCount, int shardCount, bool replicated, string? parent, IReadOnlyList<string> extra, bool keep = false)
    {
        string root = Path.Combine(parent ?? Path.GetTempPath(), "chirp-cluster-bench-" + Guid.NewGuid().ToString("N")[..8]);
        int ports = nodeCount * (shardCount + 2);
        var settings = new LocalClusterSettings(nodeCount, shardCount, FreePorts.FindRange(ports), root)
        {
            Replicated = replicated,
            ExtraArguments = [.. HttpBenchServer.Settings, .. extra],
            LogDirectory = Path.Combine(root, "logs"),
        };
        var cluster = new BenchCluster(await LocalCluster.StartAsync(settings, ServerLaunch.AssemblyIn(AppContext.BaseDirectory)).ConfigureAwait(false), keep);
        try
        {
            await cluster.WaitReadyAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    public Task KillAsync(LocalClusterNode node) => _cluster.KillAsync(node);

    public void Restart(LocalClusterNode node) => _cluster.Restart(node);

    /// <summary>Until every node (or those given) answers /readyz with 200; throws after <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout, IEnumerable<LocalClusterNode>? nodes = null)
    {
        var clock = Stopwatch.StartNew();
        foreach (var node in nodes ?? Nodes)
        {
            while (!await IsReadyAsync(node).ConfigureAwait(false))
            {
                if (!node.IsRunning)
                {
                    string saved = SaveLog(node);
                    throw new NodeExitedException($"{node.Id} (pid {node.Pid}) exited with code {node.Process.ExitCode} before it was ready; its log is saved in {saved}", saved);
                }

                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"{node.Id} was not ready after {timeout.TotalSeconds:F0} s; see {Path.Combine(Root, "logs", node.Id + ".log")}");
                }

                await Task.Delay(20).ConfigureAwait(false);
            }
        }

        return clock.Elapsed;
    }

    public async Task<bool> IsReadyAsync(LocalClusterNode node)
    {
        try
        {
            using var probe = new CancellationTokenSource(ProbeTimeout);
            using var response = await Client.GetAsync(new Uri(node.ApiUrl, "/readyz"), probe.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    /// <summary>The node's shard replicas from GET /api/v1/chirp/cluster (loopback and its admin token, read from its data directory).</summary>
    public async Task<IReadOnlyList<ShardView>> TopologyAsync(LocalClusterNode node)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.ApiUrl, ClusterEndpoints.Path));
        request.Headers.Add(AdminToken.Header, AdminToken.Read(AdminToken.PathIn(node.DataDirectory)));
        using var probe = new CancellationTokenSource(ProbeTimeout);
        using var response = await Client.SendAsync(request, probe.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(probe.Token).ConfigureAwait(false));
        return [.. json.RootElement.GetProperty("shards").EnumerateArray().Select(shard => new ShardView(
            shard.GetProperty("shard").GetInt32(), shard.GetProperty("is_leader").GetBoolean(),
            shard.GetProperty("ready").GetBoolean(), shard.GetProperty("leader_changes").GetInt64()))];
    }

    public async Task<MetricsScrape> ScrapeAsync(LocalClusterNode node)
    {
        using var probe = new CancellationTokenSource(ProbeTimeout);
        return MetricsScrape.Parse(await Client.GetStringAsync(new Uri(node.ApiUrl, "/metrics"), probe.Token).ConfigureAwait(false));
    }

    /// <summary>Stops the nodes (SIGTERM, then SIGKILL after a grace) and deletes their directories unless kept.</summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        Client.Dispose();
        await _cluster.DisposeAsync().ConfigureAwait(false);
        if (_keep)
        {
            return;
        }

        try
        {
            if (KeepLogs)
            {
                foreach (var node in Nodes)
                {
                    Directory.Delete(node.DataDirectory, recursive: true);
                }

                Console.WriteLine($"  the nodes' logs are kept in {Path.Combine(Root, "logs")}");
            }
            else
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open by a dying process: the temporary directory is left for the system to clean.
        }
    }

    /// <summary>Copies the node's log out of the cluster's directory (deleted at the end) to a directory of the system temp.</summary>
    public string SaveLog(LocalClusterNode node)
    {
        string directory = Path.Combine(Path.GetTempPath(), "chirp-cluster-bench-logs");
        Directory.CreateDirectory(directory);
        string saved = Path.Combine(directory, $"{Path.GetFileName(Root)}-{node.Id}-{DateTime.UtcNow:HHmmss}.log");
        File.Copy(Path.Combine(Root, "logs", node.Id + ".log"), saved, overwrite: true);
        return saved;
    }

    private void KillOnExit(object? sender, EventArgs e) => _cluster.KillAll();
}
