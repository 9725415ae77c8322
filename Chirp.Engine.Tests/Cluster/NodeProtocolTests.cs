using System.Net;
using System.Net.Sockets;
using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Engine.Tests.Support;
using Chirp.Server.Cluster.NodeProtocol;
using Microsoft.AspNetCore.Builder;

namespace Chirp.Engine.Tests.Cluster;

/// <summary>The node protocol on a real Kestrel listener: forwarded writes, hostile frames, unreachable nodes.</summary>
public sealed class NodeProtocolTests
{
    [Fact]
    public async Task A_forwarded_write_crosses_the_node_protocol_and_comes_back_with_the_leaders_answer()
    {
        await using var node = await NodeServer.StartAsync();
        var ann = await node.Temp.UserAsync("ann");
        await using var client = new NodeClient(_ => node.EndPoint, TimeSpan.FromSeconds(10));

        var answer = ForwardedAnswer.Decode(await client.ForwardAsync(node.EndPoint, 0, CreateTweet(ann.Id, "over the wire"), CancellationToken.None));

        Assert.Null(answer.Error);
        Assert.True(answer.Results[0].IsOk);
        Assert.Equal("over the wire", node.Temp.Engine.GetTweet(answer.Results[0].Id)!.Text);
    }

    [Fact]
    public async Task A_refusal_comes_back_typed_and_the_connection_keeps_serving()
    {
        await using var node = await NodeServer.StartAsync();
        var ann = await node.Temp.UserAsync("ann");
        await using var client = new NodeClient(_ => node.EndPoint, TimeSpan.FromSeconds(10));

        var refused = ForwardedAnswer.Decode(await client.ForwardAsync(node.EndPoint, 0, CreateTweet(424242, "nobody"), CancellationToken.None));
        var accepted = ForwardedAnswer.Decode(await client.ForwardAsync(node.EndPoint, 0, CreateTweet(ann.Id, "somebody"), CancellationToken.None));

        Assert.Equal(ChirpErrorCode.NotFound, refused.Results.Length == 0 ? refused.Error : refused.Results[0].ToException().ErrorCode);
        Assert.True(accepted.Results[0].IsOk);
    }

    [Fact]
    public async Task A_broken_frame_closes_only_its_connection()
    {
        await using var node = await NodeServer.StartAsync();
        var ann = await node.Temp.UserAsync("ann");

        using (var hostile = new TcpClient())
        {
            await hostile.ConnectAsync((IPEndPoint)node.EndPoint);
            var stream = hostile.GetStream();
            await stream.WriteAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3 });
            var buffer = new byte[16];
            int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, read);
        }

        await using var client = new NodeClient(_ => node.EndPoint, TimeSpan.FromSeconds(10));
        var answer = ForwardedAnswer.Decode(await client.ForwardAsync(node.EndPoint, 0, CreateTweet(ann.Id, "after the garbage"), CancellationToken.None));
        Assert.True(answer.Results[0].IsOk);
    }

    [Fact]
    public async Task A_node_that_cannot_be_reached_is_not_leader_for_the_sender()
    {
        var nowhere = new IPEndPoint(IPAddress.Loopback, ServerProcess.FreePort());
        await using var client = new NodeClient(_ => nowhere, TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ChirpException>(() => client.ForwardAsync(nowhere, 0, CreateTweet(1, "x"), CancellationToken.None).AsTask());

        Assert.Equal(ChirpErrorCode.NotLeader, error.ErrorCode);
    }

    private static byte[] CreateTweet(long authorId, string text) =>
        CommandLogEntry.Encode([new CreateTweet { AuthorId = authorId, Text = text, RequestId = Guid.NewGuid() }]);


    /// <summary>A one-shard engine served by the node protocol handler on a loopback port.</summary>
    private sealed class NodeServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private NodeServer(TempEngine temp, WebApplication app, EndPoint endPoint)
        {
            Temp = temp;
            _app = app;
            EndPoint = endPoint;
        }

        public TempEngine Temp { get; }

        public EndPoint EndPoint { get; }

        public static async Task<NodeServer> StartAsync()
        {
            var temp = new TempEngine(shards: 1);
            var endPoint = new IPEndPoint(IPAddress.Loopback, ServerProcess.FreePort());
            var app = NodeProtocolServer.Listener(endPoint, new EngineNodeRequests(() => temp.Engine));
            await app.StartAsync();
            return new NodeServer(temp, app, endPoint);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Temp.Dispose();
        }
    }
}
