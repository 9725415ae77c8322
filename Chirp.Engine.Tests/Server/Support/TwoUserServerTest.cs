namespace Chirp.Engine.Tests.Server.Support;

/// <summary>A test class's server with two signed-up users, ann and bob, each with a client holding their token.</summary>
public abstract class TwoUserServerTest : IAsyncLifetime
{
    protected RunningServer Server { get; private set; } = null!;

    protected HttpClient Ann { get; private set; } = null!;

    protected HttpClient Bob { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await RunningServer.StartAsync();
        Ann = Server.ClientWithToken(await Server.SignUpAsync("ann"));
        Bob = Server.ClientWithToken(await Server.SignUpAsync("bob"));
    }

    public async Task DisposeAsync()
    {
        Ann.Dispose();
        Bob.Dispose();
        await Server.DisposeAsync();
    }
}
