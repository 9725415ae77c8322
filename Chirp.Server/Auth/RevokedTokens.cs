using System.Collections.Concurrent;

namespace Chirp.Server.Auth;

/// <summary>
/// Token ids revoked before they expire: durable in the server store, held in memory for the per-request check.
/// Entries past their token's expiry are dropped, since the token no longer validates anyway. The set follows every
/// revocation the store is told of (<see cref="ServerStore.TokenRevoked"/>): on a cluster node that includes those
/// made on other nodes, as soon as this node's metadata replica applies them.
/// </summary>
public sealed class RevokedTokens
{
    private readonly IServerStateWrites _writes;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new();

    public RevokedTokens(ServerStore store, IServerStateWrites writes, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        _writes = writes;
        _clock = clock;

        // Subscribed before loading: a revocation applied in between is seen by one or both, never by neither.
        store.TokenRevoked += (tokenId, expiresAt) => _revoked[tokenId] = expiresAt;
        var now = clock.GetUtcNow();
        foreach (var (tokenId, expiresAt) in store.All<DateTimeOffset>(store.Revoked))
        {
            if (expiresAt > now)
            {
                _revoked[tokenId] = expiresAt;
            }
            else
            {
                writes.ForgetExpiredRevocation(tokenId);
            }
        }
    }

    public bool IsRevoked(string tokenId) => _revoked.ContainsKey(tokenId);

    /// <summary>Revokes a token; once this completes, this node refuses it (and, on a cluster, every node that applied it).</summary>
    public async Task RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (expiresAt <= _clock.GetUtcNow())
        {
            return;
        }

        await _writes.RevokeAsync(tokenId, expiresAt, cancellationToken).ConfigureAwait(false);
        _revoked[tokenId] = expiresAt;
    }
}
