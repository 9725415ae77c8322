using System.Net;
using System.Net.Sockets;

namespace Chirp.Bench.Cluster;

/// <summary>A run of consecutive loopback ports that are free now (other programs on the machine may hold any fixed range).</summary>
public static class FreePorts
{
    public static int FindRange(int count)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int basePort = Random.Shared.Next(20_000, 60_000 - count);
            if (Enumerable.Range(basePort, count).All(IsFree))
            {
                return basePort;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
