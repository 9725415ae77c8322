using System.Net;
using Chirp.Server.Api;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Limits;

/// <summary>The services of the limits: rate limits, password hashing and sign-in throttling, and trusted proxies.</summary>
public static class LimitsSetup
{
    public static void AddLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().Bind(configuration.GetSection(PasswordHashingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, proxies) =>
        {
            // With both lists empty the middleware would believe anyone, so no trusted proxy means no forwarded header.
            forwarded.ForwardedHeaders = proxies.Value.TrustedProxies.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default (in the lists of addresses and networks, and in the obsolete list of
            // networks kept for compatibility): all are emptied, so only the configured proxies are trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005
            forwarded.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            // Every trusted hop of a chain is unwrapped; the first untrusted address is the client.
            forwarded.ForwardLimit = null;
            foreach (string entry in proxies.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
            }
        });
        services.AddSingleton<RateLimits>();
        services.AddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        services.AddSingleton<PasswordHashGate>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<Passwords>();
    }
}
