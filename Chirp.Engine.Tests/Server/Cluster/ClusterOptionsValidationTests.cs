using Chirp.Server;
using Chirp.Server.Api;
using Chirp.Server.Cluster;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Chirp.Engine.Tests.Server.Cluster;

/// <summary>
/// The Chirp:Cluster settings a node refuses at start (each with a line naming the setting), and the 503 a cluster
/// refusal of the engine becomes.
/// </summary>
public sealed class ClusterOptionsValidationTests
{
    private static readonly ClusterOptionsValidation Validation = new(Options.Create(new ServerOptions { ShardCount = 4 }));

    [Fact]
    public void No_nodes_is_the_single_node_server_and_valid() =>
        Assert.True(Validation.Validate(null, new ClusterOptions()).Succeeded);

    [Fact]
    public void Three_distinct_nodes_are_valid() =>
        Assert.True(Validation.Validate(null, ThreeNodes()).Succeeded);

    [Theory]
    [InlineData("unknown node", "is not among the nodes")]
    [InlineData("duplicate id", "appears 2 times")]
    [InlineData("overlapping ports", "which node 'node1' uses too")]
    [InlineData("host name", "is not an IP address")]
    [InlineData("relative api url", "is not an absolute http(s) address")]
    [InlineData("timeouts", "LowerElectionTimeoutMs < UpperElectionTimeoutMs")]
    [InlineData("port overflow", "does not leave room for 4 shard ports")]
    [InlineData("node id without nodes", "Nodes is empty")]
    [InlineData("no node port", "NodePort 0 is not a port")]
    [InlineData("node port on a raft port", "which another listener uses")]
    public void A_bad_setting_is_refused_with_a_reason_naming_it(string mistake, string reason)
    {
        var options = ThreeNodes();
        switch (mistake)
        {
            case "unknown node": options.NodeId = "node9"; break;
            case "duplicate id": options.Nodes[2].Id = "node2"; break;
            case "overlapping ports": options.Nodes[1].RaftBasePort = options.Nodes[0].RaftBasePort + 3; break;
            case "host name": options.Nodes[1].RaftHost = "localhost"; break;
            case "relative api url": options.Nodes[1].ApiUrl = "node2:5001"; break;
            case "timeouts": options.LowerElectionTimeoutMs = 2000; break;
            case "port overflow": options.Nodes[2].RaftBasePort = 65534; break;
            case "node id without nodes": options.Nodes.Clear(); break;
            case "no node port": options.Nodes[1].NodePort = 0; break;
            case "node port on a raft port": options.Nodes[1].NodePort = options.Nodes[0].RaftBasePort; break;
        }

        var result = Validation.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChirpErrorCode.NotLeader, "not_leader")]
    [InlineData(ChirpErrorCode.WriteOutcomeUnknown, "write_outcome_unknown")]
    public void A_cluster_refusal_is_a_503_with_its_code_and_retry_after(ChirpErrorCode code, string error)
    {
        var translated = ApiErrors.Translate(new ChirpException(code, "This node does not lead shard 1."));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, translated.Status);
        Assert.Equal(error, translated.Error);
        Assert.Equal("This node does not lead shard 1.", translated.Description);
        Assert.Equal(TimeSpan.FromSeconds(1), translated.RetryAfter);
    }

    private static ClusterOptions ThreeNodes() => new()
    {
        NodeId = "node1",
        Nodes =
        [
            new() { Id = "node1", RaftHost = "127.0.0.1", RaftBasePort = 7000, NodePort = 7100, ApiUrl = "http://127.0.0.1:5000" },
            new() { Id = "node2", RaftHost = "127.0.0.1", RaftBasePort = 7010, NodePort = 7101, ApiUrl = "http://127.0.0.1:5001" },
            new() { Id = "node3", RaftHost = "127.0.0.1", RaftBasePort = 7020, NodePort = 7102, ApiUrl = "http://127.0.0.1:5002" },
        ],
    };
}
