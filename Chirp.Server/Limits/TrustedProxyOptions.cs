using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Chirp.Server.Limits;

/// <summary>
/// <c>Chirp:TrustedProxies</c>: the reverse proxies (IP addresses, or CIDR networks such as <c>10.0.0.0/8</c>) whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the server believes. Empty by default: the headers are ignored,
/// and every limit keys on the connection's own address.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "Chirp";

    public List<string> TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TrustedProxies.Where(entry => !IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
            .Select(entry => new ValidationResult($"Chirp:TrustedProxies: '{entry}' is neither an IP address nor a CIDR network", [nameof(TrustedProxies)]));
}
