namespace Chirp.Server.Auth;

/// <summary>
/// The writes to the server's OAuth state. A single node writes its own <see cref="ServerStore"/>
/// (<see cref="LocalServerStateWrites"/>); a cluster node sends them through the metadata Raft group, which applies
/// them to every node's store. Reads always go to this node's store.
/// </summary>
public interface IServerStateWrites
{
    ValueTask PutAppAsync(OAuthApplication app, CancellationToken cancellationToken);

    /// <summary>Stores an authorization code under the hash of its value.</summary>
    ValueTask PutCodeAsync(string codeHash, AuthorizationCode code, CancellationToken cancellationToken);

    /// <summary>Removes the code and returns it; null when there is none. At most one caller ever gets a given code.</summary>
    ValueTask<AuthorizationCode?> TakeCodeAsync(string codeHash, CancellationToken cancellationToken);

    ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Drops a revocation whose token expired (it no longer validates anyway), where that is this node's to do.</summary>
    void ForgetExpiredRevocation(string tokenId);
}
