using System.Diagnostics;
using System.Globalization;

namespace Chirp.Server.Cluster;

/// <summary>
/// N Chirp.Server processes on this machine, each a node with its own data directory, API port and Raft ports, all
/// given the same node list (their metadata group shares apps, tokens, revocations and the signing key). Nodes
/// can be killed (SIGKILL, as a crash) and restarted with the same settings. <c>cluster-local</c> and the cluster
/// benchmark both start their nodes here.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>How long the nodes get to stop on their own (they drain and close their stores) before they are killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(25);

    private const string RaftHost = "127.0.0.1";

    private readonly ServerLaunch _launch;
    private readonly LocalClusterSettings _settings;
    private int _stopped;

    private LocalCluster(LocalClusterSettings settings, ServerLaunch launch, IReadOnlyList<LocalClusterNode> nodes)
    {
        _settings = settings;
        _launch = launch;
        Nodes = nodes;
    }

    public IReadOnlyList<LocalClusterNode> Nodes { get; }

    public LocalClusterSettings Settings => _settings;

    /// <summary>
    /// Starts every node in order (<paramref name="started"/> is told of each as soon as its process runs) and returns
    /// without waiting for them to be ready. A node that cannot be started stops those already started.
    /// </summary>
    public static async Task<LocalCluster> StartAsync(LocalClusterSettings settings, ServerLaunch launch, Action<LocalClusterNode>? started = null)
    {
        if (!settings.Replicated && settings.NodeCount != 1)
        {
            throw new ArgumentException("A server without cluster settings is one node.", nameof(settings));
        }

        var members = Members(settings);
        var nodes = members
            .Select(member =>
            {
                string directory = Path.Combine(settings.Root, member.Id);
                return new LocalClusterNode(member, directory, [.. NodeArguments(member, members, directory, settings), .. settings.ExtraArguments]);
            })
            .ToList();
        var cluster = new LocalCluster(settings, launch, nodes);
        try
        {
            foreach (var node in nodes)
            {
                cluster.Launch(node);
                started?.Invoke(node);
            }
        }
        catch
        {
            await cluster.StopAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    /// <summary>The node list every node is given: ids node1..nodeN, API ports first, then Raft ports, then node protocol ports.</summary>
    public static List<ClusterNodeOptions> Members(LocalClusterSettings settings)
    {
        int nodeCount = settings.NodeCount;
        int basePort = settings.BasePort;
        return [.. Enumerable.Range(1, nodeCount).Select(n => new ClusterNodeOptions
        {
            Id = "node" + n.ToString(CultureInfo.InvariantCulture),
            RaftHost = RaftHost,
            RaftBasePort = basePort + nodeCount + ((n - 1) * settings.RaftPortsPerNode),
            NodePort = basePort + nodeCount + (nodeCount * settings.RaftPortsPerNode) + n - 1,
            ApiUrl = $"http://127.0.0.1:{basePort + n - 1}",
        })];
    }

    /// <summary>SIGKILL to the node's process (a crash: nothing flushed or closed), and waits until it is gone.</summary>
    public async Task KillAsync(LocalClusterNode node)
    {
        try
        {
            node.Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await node.Process.WaitForExitAsync().ConfigureAwait(false);
        CloseLog(node);
    }

    /// <summary>Starts a node that has exited again, with the same arguments (its data directory made again if it was deleted).</summary>
    public void Restart(LocalClusterNode node)
    {
        if (!node.Process.HasExited)
        {
            throw new InvalidOperationException($"{node.Id} is still running (pid {node.Pid}).");
        }

        CloseLog(node);
        node.Process.Dispose();
        Launch(node);
    }

    /// <summary>Completes with the first node whose process exits (a crash, or a kill from outside).</summary>
    public async Task<LocalClusterNode> WaitForAnyExitAsync(CancellationToken cancellation)
    {
        var exits = Nodes.Select(async node =>
        {
            await node.Process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return node;
        });
        return await (await Task.WhenAny(exits).WaitAsync(cancellation).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>SIGKILL to every node still running, without waiting: for a process-exit hook, where nothing may be awaited.</summary>
    public void KillAll()
    {
        foreach (var node in Nodes)
        {
            try
            {
                node.Process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
            {
                // Exited already, or exiting.
            }
        }
    }

    /// <summary>
    /// Asks every node still running to stop (SIGTERM, as Ctrl+C in a terminal does), waits <see cref="StopGrace"/> for
    /// them to close their stores, then kills those left. Once only; later calls return at once.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        var running = Nodes.Where(node => node.Process is not null).ToList();
        foreach (var node in running.Where(node => !node.Process.HasExited))
        {
            if (!OperatingSystem.IsWindows())
            {
                using var terminate = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", node.Pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
                if (terminate is not null)
                {
                    await terminate.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }

        using var grace = new CancellationTokenSource(StopGrace);
        foreach (var node in running)
        {
            try
            {
                await node.Process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                node.Process.Kill(entireProcessTree: true);
            }

            CloseLog(node);
            node.Process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// The settings of one node: its address, data, shard count and (replicated) the whole node list. No signing key:
    /// the metadata group makes one and every node signs and checks tokens with it. A new per-node setting goes here.
    /// </summary>
    private static IEnumerable<string> NodeArguments(ClusterNodeOptions node, List<ClusterNodeOptions> members, string directory, LocalClusterSettings settings)
    {
        yield return "--urls=" + node.ApiUrl;
        yield return "--Chirp:DataDirectory=" + directory;
        yield return "--Chirp:ShardCount=" + settings.ShardCount.ToString(CultureInfo.InvariantCulture);
        if (!settings.Replicated)
        {
            yield break;
        }

        yield return $"--{ClusterOptions.Section}:NodeId={node.Id}";
        for (int i = 0; i < members.Count; i++)
        {
            string prefix = $"--{ClusterOptions.Section}:Nodes:{i.ToString(CultureInfo.InvariantCulture)}:";
            yield return prefix + "Id=" + members[i].Id;
            yield return prefix + "RaftHost=" + members[i].RaftHost;
            yield return prefix + "RaftBasePort=" + members[i].RaftBasePort.ToString(CultureInfo.InvariantCulture);
            yield return prefix + "NodePort=" + members[i].NodePort.ToString(CultureInfo.InvariantCulture);
            yield return prefix + "ApiUrl=" + members[i].ApiUrl;
        }
    }

    private static void CloseLog(LocalClusterNode node)
    {
        var log = node.Log;
        if (log is null)
        {
            return;
        }

        lock (log)
        {
            node.Log = null;
            log.Dispose();
        }
    }

    /// <summary>Starts the node's process: its output to this console, or appended to its log file.</summary>
    private void Launch(LocalClusterNode node)
    {
        Directory.CreateDirectory(node.DataDirectory);
        var start = _launch.StartInfo(node.Arguments);
        StreamWriter? log = null;
        if (_settings.LogDirectory is { } logs)
        {
            Directory.CreateDirectory(logs);
            log = new StreamWriter(Path.Combine(logs, node.Id + ".log"), append: true) { AutoFlush = true };
            log.WriteLine($"--- {DateTimeOffset.UtcNow:O} starting {node.Id}");
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
        }

        var process = new Process { StartInfo = start };
        if (log is not null)
        {
            void Write(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (log)
                {
                    // The writer is closed once the process has exited; late lines of a killed process are dropped.
                    if (ReferenceEquals(node.Log, log))
                    {
                        log.WriteLine(line);
                    }
                }
            }

            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
        }

        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log?.Dispose();
            throw;
        }

        node.Process = process;
        node.Log = log;
        if (log is not null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
    }
}
