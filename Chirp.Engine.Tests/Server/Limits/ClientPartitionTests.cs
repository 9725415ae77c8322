using System.Net;
using Chirp.Server.Limits;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>The per-address limits' key: an IPv4 address as is (also when mapped into IPv6), an IPv6 address by its /64.</summary>
public sealed class ClientPartitionTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void An_address_maps_to_its_partition(string address, string partition) =>
        Assert.Equal(partition, ClientPartition.Of(IPAddress.Parse(address)));

    [Fact]
    public void A_connection_without_an_address_has_its_own_partition() => Assert.Equal("unknown", ClientPartition.Of((IPAddress?)null));
}
