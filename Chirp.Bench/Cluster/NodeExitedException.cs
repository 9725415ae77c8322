namespace Chirp.Bench.Cluster;

/// <summary>A node's process ended on its own (not killed by the bench): a finding, with where its log was saved.</summary>
public sealed class NodeExitedException(string message, string savedLog) : Exception(message)
{
    /// <summary>A copy of the node's log, kept after the cluster's directory is deleted.</summary>
    public string SavedLog { get; } = savedLog;
}
