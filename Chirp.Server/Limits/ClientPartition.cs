using System.Net;
using System.Net.Sockets;

namespace Chirp.Server.Limits;

/// <summary>
/// The per-address limits' key for a client: its IPv4 address, or the /64 network of its IPv6 address, since one
/// subscriber usually holds a whole /64 and could otherwise take a fresh budget from each of its 2⁶⁴ addresses.
/// The address is the one <c>ForwardedHeadersMiddleware</c> left on the connection: the client's, behind a trusted
/// proxy.
/// </summary>
public static class ClientPartition
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        byte[] bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
