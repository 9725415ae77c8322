namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// A node refuses to start because it does not belong with its peers: its data holds another cluster's id, or its
/// settings differ from the cluster's record. The message says which and what to do.
/// </summary>
public sealed class ClusterIdentityException : Exception
{
    public ClusterIdentityException()
    {
    }

    public ClusterIdentityException(string message)
        : base(message)
    {
    }

    public ClusterIdentityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
