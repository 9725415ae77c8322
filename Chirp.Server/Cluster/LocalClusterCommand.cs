using System.CommandLine;

namespace Chirp.Server.Cluster;

/// <summary>
/// <c>cluster-local</c>: a whole cluster on this machine with one command, for trying it out and for development. It
/// starts N processes of this same server, each a node with its own data directory, API port and Raft ports, all given
/// the same node list (their metadata group then shares apps, tokens, revocations and the signing key), prints their
/// addresses and runs until Ctrl+C, which stops them. The processes are started by <see cref="LocalCluster"/>, as the
/// cluster benchmark starts its nodes.
/// </summary>
public static class LocalClusterCommand
{
    private const string Name = "cluster-local";

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
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = LocalCluster.StopGrace + TimeSpan.FromSeconds(5) };
        return new RootCommand("Chirp.Server local cluster.") { command }.Parse(args).InvokeAsync(invocation);
    }

    private static async Task<int> RunClusterAsync(int nodeCount, DirectoryInfo? data, int basePort, int shardCount, IReadOnlyList<string> extra, CancellationToken cancellation)
    {
        string root = data?.FullName ?? Path.Combine(Path.GetTempPath(), "chirp-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new LocalClusterSettings(nodeCount, shardCount, basePort, root) { ExtraArguments = [.. extra] };
        if (nodeCount < 1 || shardCount < 1 || basePort < 1 || settings.LastPort > ushort.MaxValue)
        {
            Console.Error.WriteLine($"--nodes and --shards must be at least 1 and the ports {basePort}..{settings.LastPort} must fit below {ushort.MaxValue}.");
            return 1;
        }

        // The children share the console (and so get Ctrl+C too).
        var cluster = await LocalCluster.StartAsync(settings, ServerLaunch.ThisProcess(), node =>
            Console.WriteLine($"{node.Id}: API {node.Options.ApiUrl}, Raft {node.Options.RaftHost}:{node.Options.RaftBasePort}..{node.Options.RaftBasePort + shardCount - 1} (metadata {node.Options.RaftBasePort + shardCount}), node protocol {node.Options.RaftHost}:{node.Options.NodePort}, data {node.DataDirectory}, pid {node.Pid}")).ConfigureAwait(false);
        await using (cluster.ConfigureAwait(false))
        {
            try
            {
                Console.WriteLine($"{nodeCount} nodes of {shardCount} shards under {root}. Any node takes any request (writes go on to their shard's leader). Ctrl+C stops the cluster.");
                var stopped = await cluster.WaitForAnyExitAsync(cancellation).ConfigureAwait(false);
                Console.Error.WriteLine($"{stopped.Id} exited with code {stopped.Process.ExitCode}; stopping the others.");
                return 1;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.WriteLine("Stopping the cluster.");
                return 0;
            }
        }
    }
}
