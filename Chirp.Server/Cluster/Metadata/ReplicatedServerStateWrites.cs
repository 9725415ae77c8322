using System.Text.Json;
using Chirp.Server.Auth;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// A cluster node's writes to the OAuth state: each one a command of the metadata group, replicated by its leader
/// (forwarded there when this node does not lead) and applied to every node's store; each completes once this node's
/// own replica applied it, so this node's next read sees it.
/// </summary>
public sealed class ReplicatedServerStateWrites(ClusterMetadata metadata) : IServerStateWrites
{
    public async ValueTask PutAppAsync(OAuthApplication app, CancellationToken cancellationToken) =>
        await metadata.ExecuteAsync(MetadataCommand.PutApp(app), cancellationToken).ConfigureAwait(false);

    public async ValueTask PutCodeAsync(string codeHash, AuthorizationCode code, CancellationToken cancellationToken) =>
        await metadata.ExecuteAsync(MetadataCommand.PutCode(codeHash, code), cancellationToken).ConfigureAwait(false);

    public async ValueTask<AuthorizationCode?> TakeCodeAsync(string codeHash, CancellationToken cancellationToken)
    {
        var outcome = await metadata.ExecuteAsync(MetadataCommand.TakeCode(codeHash), cancellationToken).ConfigureAwait(false);
        return outcome.Result is { } taken ? JsonSerializer.Deserialize<AuthorizationCode>(taken) : null;
    }

    public async ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await metadata.ExecuteAsync(MetadataCommand.Revoke(tokenId, expiresAt), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Nothing: the store is the group's to write, and one node deleting on its own would make the replicas differ.
    /// An expired revocation is inert (its token no longer validates); pruning them through the group is not built yet.
    /// </summary>
    public void ForgetExpiredRevocation(string tokenId)
    {
    }
}
