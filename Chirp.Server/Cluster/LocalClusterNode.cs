using System.Diagnostics;

namespace Chirp.Server.Cluster;

/// <summary>One node of a <see cref="LocalCluster"/>: where it listens and keeps its data, and its current process.</summary>
public sealed class LocalClusterNode
{
    internal LocalClusterNode(ClusterNodeOptions options, string dataDirectory, IReadOnlyList<string> arguments)
    {
        Options = options;
        DataDirectory = dataDirectory;
        Arguments = arguments;
    }

    /// <summary>The node as the node list names it (id, API address, Raft and node protocol ports).</summary>
    public ClusterNodeOptions Options { get; }

    public string Id => Options.Id;

    public Uri ApiUrl => new(Options.ApiUrl);

    public string DataDirectory { get; }

    /// <summary>The server arguments it is started with, the same at every restart.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The process of its latest start.</summary>
    public Process Process { get; internal set; } = null!;

    public int Pid => Process.Id;

    public bool IsRunning => !Process.HasExited;

    /// <summary>The output file of a cluster started with a log directory, else null.</summary>
    internal StreamWriter? Log { get; set; }
}
