using System.Collections.Concurrent;

namespace Chirp.Server.Auth;

/// <summary>
/// Token ids revoked before they expire: durable in the server store, held in memory for the per-request check.
/// Entries past their token's expiry are dropped, since the token no longer validates anyway.
/// </summary>
public sealed class RevokedTokens
{
    private readonly ServerStore _store;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new();

    public RevokedTokens(ServerStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        var now = clock.GetUtcNow();
        foreach (var (tokenId, expiresAt) in store.All<DateTimeOffset>(store.Revoked))
        {
            if (expiresAt > now)
            {
                _revoked[tokenId] = expiresAt;
            }
            else
            {
                store.Delete(store.Revoked, tokenId);
            }
        }
    }

    public bool IsRevoked(string tokenId) => _revoked.ContainsKey(tokenId);

    public void Revoke(string tokenId, DateTimeOffset expiresAt)
    {
        if (expiresAt <= _clock.GetUtcNow())
        {
            return;
        }

        _store.Put(_store.Revoked, tokenId, expiresAt);
        _revoked[tokenId] = expiresAt;
    }
}
