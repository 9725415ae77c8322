using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Server.Support;

namespace Chirp.Engine.Tests.Server.Cluster;

/// <summary>
/// Three Chirp.Server processes started as one cluster on free loopback ports (every node a replica of each shard and of
/// the metadata group), no signing key given: the metadata group makes the one every node uses. Disposing kills the
/// processes still running and deletes their data.
/// </summary>
internal sealed class ServerClusterProcesses : IAsyncDisposable
{
    public const int NodeCount = 3;
    public const int ShardCount = 2;

    private readonly int[] _apiPorts;
    private readonly int[] _raftBasePorts;
    private readonly int[] _nodePorts;
    private readonly ChildProcess?[] _processes = new ChildProcess?[NodeCount];

    private ServerClusterProcesses()
    {
        Root = Path.Combine(Path.GetTempPath(), "chirp-server-cluster-" + Guid.NewGuid().ToString("N"));
        _apiPorts = [.. Enumerable.Range(0, NodeCount).Select(_ => ServerProcess.FreePort())];

        // Each node's shard ports and its metadata port (RaftBasePort + ShardCount), with one spare port between nodes so
        // that a node started with one more shard (to be refused) still gets valid, distinct ports.
        _raftBasePorts = FreeConsecutivePorts(NodeCount, ShardCount + 2);
        _nodePorts = [.. Enumerable.Range(0, NodeCount).Select(_ => FreeConsecutivePorts(1, 1)[0])];
        Addresses = [.. _apiPorts.Select(port => new Uri($"http://127.0.0.1:{port}"))];
    }

    public string Root { get; }

    public Uri[] Addresses { get; }

    /// <summary>Starts the three nodes at once and waits until each is ready (its metadata group joined, its shards led).</summary>
    public static async Task<ServerClusterProcesses> StartAsync()
    {
        for (int attempt = 1; ; attempt++)
        {
            var cluster = new ServerClusterProcesses();
            var starting = Enumerable.Range(0, NodeCount).Select(node => cluster.StartNodeAsync(node)).ToList();
            try
            {
                await Task.WhenAll(starting);
                return cluster;
            }
            catch (Exception ex) when (attempt < 3 && IsPortTaken(ex))
            {
                // The ports were free when chosen, but tests running beside this one pick free ports too: choose again.
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    private static bool IsPortTaken(Exception failure) =>
        failure.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || failure.Message.Contains("EADDRINUSE", StringComparison.Ordinal);

    public string DataDirectory(int node) => Path.Combine(Root, "node" + node);

    /// <summary>Starts node <paramref name="node"/> (again) and waits until it is ready.</summary>
    public async Task StartNodeAsync(int node, params string[] extraSettings) =>
        _processes[node] = await ServerProcess.StartAsync(DataDirectory(node), _apiPorts[node], [.. NodeSettings(node), .. extraSettings]);

    /// <summary>Starts node <paramref name="node"/> with extra settings, without waiting: for a start that is to fail.</summary>
    public ChildProcess LaunchNode(int node, Action<string?> onOutput, params string[] extraSettings) =>
        ServerProcess.Launch(DataDirectory(node), _apiPorts[node], [.. NodeSettings(node), .. extraSettings], onOutput);

    /// <summary>Kills node <paramref name="node"/>.</summary>
    public async Task StopNodeAsync(int node)
    {
        if (_processes[node] is { } process)
        {
            _processes[node] = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>SIGTERM to node <paramref name="node"/>, as a service manager stops it, and waits for its exit.</summary>
    public async Task StopNodeGracefullyAsync(int node, TimeSpan patience)
    {
        var process = _processes[node] ?? throw new InvalidOperationException($"node{node} is not running");
        using (var terminate = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
        {
            await terminate.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(patience);
        _processes[node] = null;
        await process.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        for (int node = 0; node < NodeCount; node++)
        {
            await StopNodeAsync(node);
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The cluster settings of node <paramref name="node"/>: the same node list on every node, short election timeouts,
    /// and sign-ups not rate limited.
    /// </summary>
    private List<string> NodeSettings(int node)
    {
        var settings = new List<string>
        {
            "--Chirp:RateLimits:SignUpsPerIpPer30Minutes", "1000",
            "--Chirp:Cluster:NodeId", "node" + node,
            "--Chirp:Cluster:LowerElectionTimeoutMs", "300",
            "--Chirp:Cluster:UpperElectionTimeoutMs", "600",
        };
        for (int i = 0; i < NodeCount; i++)
        {
            string prefix = $"--Chirp:Cluster:Nodes:{i.ToString(CultureInfo.InvariantCulture)}:";
            settings.AddRange([
                prefix + "Id", "node" + i,
                prefix + "RaftHost", "127.0.0.1",
                prefix + "RaftBasePort", _raftBasePorts[i].ToString(CultureInfo.InvariantCulture),
                prefix + "NodePort", _nodePorts[i].ToString(CultureInfo.InvariantCulture),
                prefix + "ApiUrl", $"http://127.0.0.1:{_apiPorts[i]}",
            ]);
        }

        return settings;
    }

    /// <summary>For each node, a base port whose next <paramref name="width"/> ports are free now.</summary>
    private static int[] FreeConsecutivePorts(int count, int width)
    {
        var bases = new List<int>();
        while (bases.Count < count)
        {
            int candidate = ServerProcess.FreePort();
            var range = Enumerable.Range(candidate, width);
            if (range.All(port => port <= IPEndPoint.MaxPort && !bases.Any(taken => Math.Abs(taken - port) < width) && IsFree(port)))
            {
                bases.Add(candidate);
            }
        }

        return [.. bases];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
