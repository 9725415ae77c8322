using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>Ports and command-line settings for Chirp.Server processes that form one cluster on loopback.</summary>
public static class ClusterNodeSettings
{
    /// <summary>For each node, a base port whose next <paramref name="width"/> ports are free now (one per shard).</summary>
    public static int[] FreeConsecutivePorts(int count, int width)
    {
        var bases = new List<int>();
        while (bases.Count < count)
        {
            int candidate = ServerProcess.FreePort();
            var range = Enumerable.Range(candidate, width);
            if (range.All(port => port <= IPEndPoint.MaxPort && !bases.Any(taken => Math.Abs(taken - port) < width) && IsFree(port)))
            {
                bases.Add(candidate);
            }
        }

        return [.. bases];
    }

    /// <summary>
    /// The cluster settings of node <paramref name="node"/>: the same node list and signing key on every node (a token
    /// from one is accepted by all), short election timeouts, and sign-ups not rate limited.
    /// </summary>
    public static List<string> For(int node, int[] apiPorts, int[] raftBasePorts, int[] nodePorts, string signingKey)
    {
        var settings = new List<string>
        {
            "--Chirp:SigningKey", signingKey,
            "--Chirp:RateLimits:SignUpsPerIpPer30Minutes", "1000",
            "--Chirp:Cluster:NodeId", "node" + node,
            "--Chirp:Cluster:LowerElectionTimeoutMs", "300",
            "--Chirp:Cluster:UpperElectionTimeoutMs", "600",
        };
        for (int i = 0; i < apiPorts.Length; i++)
        {
            string prefix = $"--Chirp:Cluster:Nodes:{i.ToString(CultureInfo.InvariantCulture)}:";
            settings.AddRange([
                prefix + "Id", "node" + i,
                prefix + "RaftHost", "127.0.0.1",
                prefix + "RaftBasePort", raftBasePorts[i].ToString(CultureInfo.InvariantCulture),
                prefix + "NodePort", nodePorts[i].ToString(CultureInfo.InvariantCulture),
                prefix + "ApiUrl", $"http://127.0.0.1:{apiPorts[i]}",
            ]);
        }

        return settings;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
