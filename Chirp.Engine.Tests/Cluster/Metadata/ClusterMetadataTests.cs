using System.Text.Json;
using Chirp.Server.Auth;
using Chirp.Server.Cluster.Metadata;
using Chirp.Server.Limits;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Cluster.Metadata;

/// <summary>
/// The metadata Raft group of three nodes in one process: what one node writes to the OAuth state (apps, codes,
/// revocations) every node reads from its own store, a code is given to one taker only, all nodes share one signing
/// key and identity, a restarted node keeps and catches up the state, and a node with other settings refuses to start.
/// </summary>
public sealed class ClusterMetadataTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_app_registered_on_one_node_is_found_on_every_node_and_all_share_one_key_and_identity()
    {
        await using var cluster = await MetadataTestCluster.StartAsync();

        var keys = cluster.Nodes.Select(node => Convert.ToBase64String(node.Metadata.SigningKey)).Distinct().ToList();
        Assert.Single(keys);
        Assert.Single(cluster.Nodes.Select(node => node.Metadata.Identity!.ClusterId).Distinct());
        Assert.True(Guid.TryParse(cluster.Nodes[0].Metadata.Identity!.ClusterId, out _));

        // From a node that does not lead the group (so the command is forwarded) and from the leader.
        foreach (var writer in new[] { cluster.Nodes.First(node => !node.IsLeader), cluster.Nodes.First(node => node.IsLeader) })
        {
            string role = writer.IsLeader ? "the leader" : "a follower";
            var (app, secret) = await writer.Apps.RegisterAsync("tests", null, [AppRegistry.OutOfBand], ["read"], CancellationToken.None);

            // Read your writes on the node that registered it: at once.
            Assert.NotNull(writer.Apps.Authenticate(app.ClientId, secret));
            foreach (var reader in cluster.Nodes)
            {
                var took = await MetadataTestCluster.UntilAsync(() => reader.Apps.Authenticate(app.ClientId, secret) is not null, Deadline, "the app on every node");
                output.WriteLine($"app registered on {role}: readable on a node after the registration answered: {took.TotalMilliseconds:0} ms");
            }
        }
    }

    [Fact]
    public async Task A_code_exchanged_on_two_nodes_at_once_is_given_to_one_of_them()
    {
        await using var cluster = await MetadataTestCluster.StartAsync();
        var (app, _) = await cluster.Nodes[0].Apps.RegisterAsync("tests", null, [AppRegistry.OutOfBand], ["read"], CancellationToken.None);

        for (int round = 0; round < 10; round++)
        {
            string code = await cluster.Nodes[round % 3].Codes.IssueAsync(app.ClientId, 42, AppRegistry.OutOfBand, ["read"], null, null, CancellationToken.None);
            var first = cluster.Nodes[(round + 1) % 3];
            var second = cluster.Nodes[(round + 2) % 3];
            await MetadataTestCluster.UntilAsync(
                () => first.Store.AppliedMetadataIndex == second.Store.AppliedMetadataIndex, Deadline, "both exchanging nodes holding the code");

            var taken = await Task.WhenAll(
                first.Codes.RedeemAsync(code, app.ClientId, AppRegistry.OutOfBand, null, CancellationToken.None),
                second.Codes.RedeemAsync(code, app.ClientId, AppRegistry.OutOfBand, null, CancellationToken.None));

            var winner = Assert.Single(taken, redeemed => redeemed is not null);
            Assert.Equal(42, winner!.UserId);
        }
    }

    [Fact]
    public async Task A_token_revoked_on_one_node_is_refused_on_every_node()
    {
        await using var cluster = await MetadataTestCluster.StartAsync();

        // From a node that does not lead the group and from the leader, whose followers learn of the commit afterwards.
        foreach (var revoker in new[] { cluster.Nodes.First(node => !node.IsLeader), cluster.Nodes.First(node => node.IsLeader) })
        {
            string role = revoker.IsLeader ? "the leader" : "a follower";
            string tokenId = Guid.NewGuid().ToString("N");
            Assert.All(cluster.Nodes, node => Assert.False(node.Revoked.IsRevoked(tokenId)));

            await revoker.Revoked.RevokeAsync(tokenId, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);

            Assert.True(revoker.Revoked.IsRevoked(tokenId));
            foreach (var node in cluster.Nodes)
            {
                var took = await MetadataTestCluster.UntilAsync(() => node.Revoked.IsRevoked(tokenId), Deadline, "the revocation on every node");
                output.WriteLine($"revoked on {role}: refused on a node {took.TotalMilliseconds:0} ms after the revoke answered");
            }
        }
    }

    [Fact]
    public async Task A_restarted_node_keeps_the_state_and_catches_up_with_what_it_missed()
    {
        await using var cluster = await MetadataTestCluster.StartAsync();
        var (before, beforeSecret) = await cluster.Nodes[0].Apps.RegisterAsync("before", null, [AppRegistry.OutOfBand], ["read"], CancellationToken.None);
        string revokedBefore = Guid.NewGuid().ToString("N");
        await cluster.Nodes[1].Revoked.RevokeAsync(revokedBefore, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
        await MetadataTestCluster.UntilAsync(() => cluster.Nodes[2].Revoked.IsRevoked(revokedBefore), Deadline, "node 2 applying the revocation");
        string key = Convert.ToBase64String(cluster.Nodes[2].Metadata.SigningKey);
        string clusterId = cluster.Nodes[2].Metadata.Identity!.ClusterId;

        (OAuthApplication App, string Secret) whileDown = default;
        await cluster.StopAsync(2, async () =>
        {
            // Two of three nodes are a majority: the group still takes writes.
            whileDown = await cluster.Nodes[0].Apps.RegisterAsync("while down", null, [AppRegistry.OutOfBand], ["read"], CancellationToken.None);
        });
        await cluster.StartAgainAsync(2);

        var restarted = cluster.Nodes[2];
        Assert.Equal(key, Convert.ToBase64String(restarted.Metadata.SigningKey));
        Assert.Equal(clusterId, restarted.Metadata.Identity!.ClusterId);
        Assert.NotNull(restarted.Apps.Authenticate(before.ClientId, beforeSecret));
        Assert.True(restarted.Revoked.IsRevoked(revokedBefore));
        await MetadataTestCluster.UntilAsync(() => restarted.Apps.Authenticate(whileDown.App!.ClientId, whileDown.Secret) is not null, Deadline, "the restarted node catching up");
    }

    [Fact]
    public async Task A_node_whose_settings_differ_from_the_clusters_record_refuses_to_start_saying_which()
    {
        await using var cluster = await MetadataTestCluster.StartAsync();
        await cluster.StopAsync(2);

        var refused = await Assert.ThrowsAsync<ClusterIdentityException>(() => cluster.StartAgainAsync(2, new RateLimitOptions { StatusesPerUserPerMinute = 11 }));

        output.WriteLine(refused.Message);
        Assert.Contains("Chirp:RateLimits:StatusesPerUserPerMinute is 11 here but 10 in the cluster", refused.Message);
        Assert.Contains(cluster.Nodes[0].Metadata.Identity!.ClusterId, refused.Message);

        // With the cluster's settings it starts again.
        await cluster.StartAgainAsync(2);
        Assert.Equal(cluster.Nodes[0].Metadata.Identity!.ClusterId, cluster.Nodes[2].Metadata.Identity!.ClusterId);
    }

    [Fact]
    public async Task A_node_whose_data_belongs_to_another_cluster_refuses_to_start_before_joining_and_the_cluster_keeps_working()
    {
        await using var cluster = await MetadataTestCluster.StartAsync();
        await using var other = await MetadataTestCluster.StartAsync();
        string otherId = other.Nodes[2].Metadata.Identity!.ClusterId;
        await other.StopAsync(2);
        await cluster.StopAsync(2);

        // Node 2 of the cluster gets the data of node 2 of the other cluster (same settings, another cluster id).
        Directory.Delete(cluster.DataDirectory(2), recursive: true);
        CopyDirectory(other.DataDirectory(2), cluster.DataDirectory(2));

        var refused = await Assert.ThrowsAsync<ClusterIdentityException>(() => cluster.StartAgainAsync(2));
        output.WriteLine(refused.Message);
        Assert.Contains($"belongs to cluster {otherId}", refused.Message);
        Assert.Contains($"its peers are cluster {cluster.Nodes[0].Metadata.Identity!.ClusterId}", refused.Message);

        // The refused node never took part in the group: the other two still take and apply writes.
        var (app, secret) = await cluster.Nodes[1].Apps.RegisterAsync("after the refusal", null, [AppRegistry.OutOfBand], ["read"], CancellationToken.None);
        await MetadataTestCluster.UntilAsync(() => cluster.Nodes[0].Apps.Authenticate(app.ClientId, secret) is not null, Deadline, "the app on node 0");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    [Fact]
    public void The_identity_record_names_each_setting_that_differs()
    {
        var record = new ClusterIdentity("id", ["ShardCount=2", "Nodes=a, b, c"]);

        Assert.Empty(record.DifferencesFrom(["ShardCount=2", "Nodes=a, b, c"]));
        Assert.Equal(["ShardCount is 3 here but 2 in the cluster"], record.DifferencesFrom(["ShardCount=3", "Nodes=a, b, c"]));
        Assert.Equal(["Nodes is not set here but a, b, c in the cluster"], record.DifferencesFrom(["ShardCount=2"]));

        // Stored and sent as JSON.
        var read = JsonSerializer.Deserialize<ClusterIdentity>(JsonSerializer.SerializeToUtf8Bytes(record))!;
        Assert.Equal("id", read.ClusterId);
        Assert.Equal(record.Settings, read.Settings);
    }
}
