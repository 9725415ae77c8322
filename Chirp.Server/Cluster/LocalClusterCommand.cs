using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Chirp.Server.Cluster;

/// <summary>
/// <c>cluster-local</c>: a whole cluster on this machine with one command, for trying it out and for development. It
/// starts N processes of this same server, each a node with its own data directory, API port and Raft ports, all given
/// the same node list (their metadata group then shares apps, tokens, revocations and the signing key), prints their
/// addresses and runs until Ctrl+C, which stops them.
/// </summary>
public static class LocalClusterCommand
{
    private const string Name = "cluster-local";
    private const string RaftHost = "127.0.0.1";

    /// <summary>How long the nodes get to stop on their own (they drain and close their stores) before they are killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(25);

    /// <summary>True when the first argument is <c>cluster-local</c>; otherwise the arguments run the server or another command.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == Name;

    public static Task<int> RunAsync(string[] args)
    {
        var nodes = new Option<int>("--nodes") { Description = "How many nodes to start; Raft needs 3 to survive the loss of one.", DefaultValueFactory = _ => 3 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The directory under which each node gets its data directory (node1, node2, ...). Default: a new temporary directory." };
        var basePort = new Option<int>("--base-port") { Description = "Node i's API listens on base-port + i - 1; the Raft ports follow the API ports, then the node protocol ports.", DefaultValueFactory = _ => 5000 };
        var shards = new Option<int>("--shards") { Description = "The shard count of every node (Chirp:ShardCount); each shard is one Raft group per node.", DefaultValueFactory = _ => 4 };
        var command = new Command(Name, "Runs a cluster of Chirp.Server nodes on this machine, every node holding every shard, until Ctrl+C. Further arguments (--Chirp:Name=value) go to every node.")
        {
            nodes, data, basePort, shards,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellation) => RunClusterAsync(
            parse.GetValue(nodes), parse.GetValue(data), parse.GetValue(basePort), parse.GetValue(shards), parse.UnmatchedTokens, cancellation));
        // Ctrl+C cancels the action; by default System.CommandLine ends the process 2 s later, too soon for the nodes.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = StopGrace + TimeSpan.FromSeconds(5) };
        return new RootCommand("Chirp.Server local cluster.") { command }.Parse(args).InvokeAsync(invocation);
    }

    private static async Task<int> RunClusterAsync(int nodeCount, DirectoryInfo? data, int basePort, int shardCount, IReadOnlyList<string> extra, CancellationToken cancellation)
    {
        // Per node: the API port, then shardCount shard Raft ports and the metadata group's Raft port, then the node port.
        int raftStride = shardCount + 1;
        int lastPort = basePort + nodeCount + (nodeCount * raftStride) + nodeCount - 1;
        if (nodeCount < 1 || shardCount < 1 || basePort < 1 || lastPort > ushort.MaxValue)
        {
            Console.Error.WriteLine($"--nodes and --shards must be at least 1 and the ports {basePort}..{lastPort} must fit below {ushort.MaxValue}.");
            return 1;
        }

        string root = data?.FullName ?? Path.Combine(Path.GetTempPath(), "chirp-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        var members = Enumerable.Range(1, nodeCount).Select(n => new ClusterNodeOptions
        {
            Id = "node" + n.ToString(CultureInfo.InvariantCulture),
            RaftHost = RaftHost,
            RaftBasePort = basePort + nodeCount + ((n - 1) * raftStride),
            NodePort = basePort + nodeCount + (nodeCount * raftStride) + n - 1,
            ApiUrl = $"http://127.0.0.1:{basePort + n - 1}",
        }).ToList();

        var children = new List<(ClusterNodeOptions Node, Process Process)>();
        try
        {
            foreach (var node in members)
            {
                string directory = Path.Combine(root, node.Id);
                Directory.CreateDirectory(directory);
                var start = StartInfo(NodeArguments(node, members, directory, shardCount).Concat(extra));
                var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
                children.Add((node, process));
                Console.WriteLine($"{node.Id}: API {node.ApiUrl}, Raft {RaftHost}:{node.RaftBasePort}..{node.RaftBasePort + shardCount - 1} (metadata {node.RaftBasePort + shardCount}), node protocol {RaftHost}:{node.NodePort}, data {directory}, pid {process.Id}");
            }

            Console.WriteLine($"{nodeCount} nodes of {shardCount} shards under {root}. Any node takes any request (writes go on to their shard's leader). Ctrl+C stops the cluster.");
            await Task.WhenAny(children.Select(child => child.Process.WaitForExitAsync(CancellationToken.None))).WaitAsync(cancellation).ConfigureAwait(false);
            var stopped = children.First(child => child.Process.HasExited);
            Console.Error.WriteLine($"{stopped.Node.Id} exited with code {stopped.Process.ExitCode}; stopping the others.");
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.WriteLine("Stopping the cluster.");
            return 0;
        }
        finally
        {
            await StopAsync(children.Select(child => child.Process).ToList()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The settings of one node: its address, data, shard count and the whole node list. No signing key: the metadata
    /// group makes one and every node signs and checks tokens with it.
    /// </summary>
    private static IEnumerable<string> NodeArguments(ClusterNodeOptions node, List<ClusterNodeOptions> members, string directory, int shardCount)
    {
        yield return "--urls=" + node.ApiUrl;
        yield return "--Chirp:DataDirectory=" + directory;
        yield return "--Chirp:ShardCount=" + shardCount.ToString(CultureInfo.InvariantCulture);
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

    /// <summary>
    /// This same server: the apphost executable when it runs as one (<c>dotnet run</c>), or <c>dotnet</c> with this
    /// assembly when it was started as <c>dotnet Chirp.Server.dll</c>. The children share the console (and so get Ctrl+C too).
    /// </summary>
    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("The server's assembly path is unknown."));
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Asks every node still running to stop (SIGTERM, as Ctrl+C in a terminal already did), waits <see cref="StopGrace"/>
    /// for them to close their stores, then kills those left.
    /// </summary>
    private static async Task StopAsync(List<Process> processes)
    {
        foreach (var process in processes.Where(process => !process.HasExited))
        {
            if (!OperatingSystem.IsWindows())
            {
                using var terminate = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
                if (terminate is not null)
                {
                    await terminate.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }

        using var grace = new CancellationTokenSource(StopGrace);
        foreach (var process in processes)
        {
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
