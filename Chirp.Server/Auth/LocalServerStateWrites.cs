namespace Chirp.Server.Auth;

/// <summary>A single node's writes: straight into its own <see cref="ServerStore"/> (synced), as they always were.</summary>
public sealed class LocalServerStateWrites(ServerStore store) : IServerStateWrites
{
    // Taking a code is a read then a delete; the lock makes two concurrent exchanges of one code give it to one of them.
    private readonly Lock _codes = new();

    public ValueTask PutAppAsync(OAuthApplication app, CancellationToken cancellationToken)
    {
        store.Put(store.Apps, app.ClientId, app);
        return ValueTask.CompletedTask;
    }

    public ValueTask PutCodeAsync(string codeHash, AuthorizationCode code, CancellationToken cancellationToken)
    {
        store.Put(store.Codes, codeHash, code);
        return ValueTask.CompletedTask;
    }

    public ValueTask<AuthorizationCode?> TakeCodeAsync(string codeHash, CancellationToken cancellationToken)
    {
        lock (_codes)
        {
            var stored = store.Get<AuthorizationCode>(store.Codes, codeHash);
            if (stored is not null)
            {
                store.Delete(store.Codes, codeHash);
            }

            return ValueTask.FromResult(stored);
        }
    }

    public ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        store.Put(store.Revoked, tokenId, expiresAt);
        store.NotifyRevoked(tokenId, expiresAt);
        return ValueTask.CompletedTask;
    }

    public void ForgetExpiredRevocation(string tokenId) => store.Delete(store.Revoked, tokenId);
}
