using System.Net;
using Microsoft.AspNetCore.Connections;
using Chirp.Server.Cluster.Metadata;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// The node protocol listener of a cluster node: a Kestrel server of its own on <c>RaftHost:NodePort</c> whose
/// connections go to <see cref="NodeConnectionHandler"/>. Kept apart from the API's Kestrel so that the API's address
/// settings (<c>--urls</c>, <c>Kestrel:Endpoints</c>) work unchanged. Started first (before the metadata group and the
/// engine, which refuse requests until they run), so that nodes starting together can ask each other about their
/// cluster; a single node starts nothing.
/// </summary>
public sealed class NodeProtocolServer(IOptions<ClusterOptions> cluster, EngineHost engine, ClusterMetadata metadata, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
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
        _server = Listener(endPoint, new EngineNodeRequests(() => engine.IsOpen ? engine.Engine : null, () => metadata), loggers);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        loggers.CreateLogger<NodeProtocolServer>().LogInformation("Node protocol listening on {EndPoint}", endPoint);
    }

    /// <summary>A Kestrel server (not started) whose connections on <paramref name="endPoint"/> speak the node protocol to <paramref name="requests"/>.</summary>
    public static WebApplication Listener(IPEndPoint endPoint, INodeRequestHandler requests, ILoggerFactory? loggers = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggers is not null)
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.Services.AddSingleton(requests);

        // The node's own host already says that it started and stops.
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endPoint, listen => listen.UseConnectionHandler<NodeConnectionHandler>()));
        return builder.Build();
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
