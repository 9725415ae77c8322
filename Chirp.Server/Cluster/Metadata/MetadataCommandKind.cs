namespace Chirp.Server.Cluster.Metadata;

/// <summary>The commands of the metadata group's log. Numbers are stored in the log: never renumber.</summary>
public enum MetadataCommandKind
{
    /// <summary>Stores an OAuth application under its client id.</summary>
    PutApp = 1,

    /// <summary>Stores an authorization code under the hash of its value.</summary>
    PutCode = 2,

    /// <summary>Removes a code and answers it (or nothing when it is gone): one taker per code, cluster-wide.</summary>
    TakeCode = 3,

    /// <summary>Records a revoked token id with its expiry.</summary>
    Revoke = 4,

    /// <summary>Sets the token signing key unless the cluster has one; answers the cluster's key.</summary>
    ProposeSigningKey = 5,

    /// <summary>Sets the cluster identity record unless there is one; answers the cluster's record.</summary>
    ProposeIdentity = 6,
}
