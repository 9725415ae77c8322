using System.Security.Cryptography;
using System.Text;

namespace Chirp.Server.Auth;

/// <summary>OAuth applications (<c>POST /api/v1/apps</c>): registered once, looked up by client id on every grant.</summary>
public sealed class AppRegistry(ServerStore store, IServerStateWrites writes, TimeProvider clock)
{
    /// <summary>The redirect URI of apps that show the code to the user instead of redirecting.</summary>
    public const string OutOfBand = "urn:ietf:wg:oauth:2.0:oob";

    private long _lastId;

    /// <summary>Registers an app; returns it and its client secret (shown once, stored only as a hash).</summary>
    public async Task<(OAuthApplication App, string ClientSecret)> RegisterAsync(
        string name, string? website, IReadOnlyList<string> redirectUris, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        string clientId = RandomToken();
        string secret = RandomToken();
        var app = new OAuthApplication(NextId(), name, website, redirectUris, string.Join(' ', scopes), clientId, Hash(secret), clock.GetUtcNow());
        await writes.PutAppAsync(app, cancellationToken).ConfigureAwait(false);
        return (app, secret);
    }

    public OAuthApplication? Find(string? clientId) => string.IsNullOrEmpty(clientId) ? null : store.Get<OAuthApplication>(store.Apps, clientId);

    /// <summary>The app, if the id and secret match (compared in constant time).</summary>
    public OAuthApplication? Authenticate(string? clientId, string? clientSecret)
    {
        var app = Find(clientId);
        return app is not null && clientSecret is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(app.ClientSecretHash), Encoding.ASCII.GetBytes(Hash(clientSecret)))
            ? app
            : null;
    }

    private long NextId()
    {
        long candidate = clock.GetUtcNow().ToUnixTimeMilliseconds() << 12;
        while (true)
        {
            long last = Interlocked.Read(ref _lastId);
            long next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _lastId, next, last) == last)
            {
                return next;
            }
        }
    }

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    internal static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
