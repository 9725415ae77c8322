using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// The node protocol listener of a cluster node: a Kestrel server of its own on <c>RaftHost:NodePort</c> whose
/// connections go to <see cref="NodeConnectionHandler"/>. Kept apart from the API's Kestrel so that the API's address
/// settings (<c>--urls</c>, <c>Kestrel:Endpoints</c>) work unchanged. Started after the engine (registered after
/// <see cref="EngineHost"/>); a single node starts nothing.
/// </summary>
public sealed class NodeProtocolServer(IOptions<ClusterOptions> cluster, EngineHost engine, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = cluster.Value;
        if (!settings.IsCluster)
        {
            return;
        }

        var endPoint = ClusterOptions.NodeEndPoint(settings.LocalNode);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<INodeRequestHandler>(new EngineNodeRequests(engine));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endPoint, listen => listen.UseConnectionHandler<NodeConnectionHandler>()));
        _server = builder.Build();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        loggers.CreateLogger<NodeProtocolServer>().LogInformation("Node protocol listening on {EndPoint}", endPoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
