using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Logging;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>Every rate-limit refusal is logged at Information with the limit, the partition and the wait.</summary>
public sealed class RateLimitLogTests
{
    [Fact]
    public async Task A_refusal_is_logged_with_the_limit_the_partition_and_the_retry_after()
    {
        var log = new LogCapture();
        await using var server = await StartConfiguredAsync(builder => builder.Logging.AddProvider(log), null,
            "--Logging:LogLevel:Chirp.Server.Limits", "Information",
            "--Chirp:RateLimits:StatusesPerUserPerMinute", "1", "--Chirp:RateLimits:RequestsPerIpPerMinute", "12");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        string annId = (await ReadJsonAsync(await ann.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!;
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "one" }), 200);
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "two" }), 429);
        for (int i = 0; i < 20 && (int)(await server.Client.GetAsync("/api/v1/instance")).StatusCode != 429; i++)
        {
        }

        var refusals = log.Entries.Where(e => e.Category == "Chirp.Server.Limits.RateLimits").ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Equal(("StatusesPerUserPerMinute", annId), (refusals[0].Text("Limit")!, refusals[0].Text("Partition")!));
        Assert.Equal(("RequestsPerIpPerMinute", "127.0.0.1"), (refusals[1].Text("Limit")!, refusals[1].Text("Partition")!));
        Assert.All(refusals, e => Assert.True(int.Parse(e.Text("RetryAfterSeconds")!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60));
    }
}
