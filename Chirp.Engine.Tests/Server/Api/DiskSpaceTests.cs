using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Fuzz;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Server.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

public sealed class DiskSpaceTests
{
    // More than any disk this runs on has free: the guard sees the disk as low from its first sample.
    private const string AboveAnyFreeSpace = "1073741824";

    [Fact]
    public async Task Below_the_free_space_minimum_writes_get_507_json_reads_sign_in_and_revocation_go_on_and_health_says_degraded()
    {
        var first = await StartAsync();
        string directory = first.DataDirectory;
        string token = await first.SignUpAsync("ann");
        var (clientId, clientSecret) = await first.RegisterAppAsync();
        string statusId;
        using (var ann = first.ClientWithToken(token))
        {
            statusId = (await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "written while there was room" }), 200)).GetProperty("id").GetString()!;
        }

        await first.DisposeAsyncKeepingData();

        var errors = new ServerErrorLog();
        await using var server = await StartConfiguredAsync(builder => builder.Logging.AddProvider(errors), directory, "--Chirp:Disk:MinFreeMiB", AboveAnyFreeSpace);
        using var client = server.ClientWithToken(token);

        var refused = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = "no room" }), 507);
        Assert.Contains("out of disk space", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(4, 4)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "a.png" } };
        await ReadJsonAsync(await client.PostAsync("/api/v2/media", upload), 507);
        await ReadJsonAsync(await client.PostAsync($"/api/v1/statuses/{statusId}/favourite", null), 507);
        await ReadJsonAsync(await client.DeleteAsync($"/api/v1/statuses/{statusId}"), 507);
        await ReadJsonAsync(await server.Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "x", redirect_uris = "urn:ietf:wg:oauth:2.0:oob" }), 507);

        await ReadJsonAsync(await client.GetAsync($"/api/v1/statuses/{statusId}"), 200);
        await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        await ReadJsonAsync(await client.GetAsync("/api/v1/timelines/home"), 200);

        var signedIn = await ReadJsonAsync(await server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "password"), ("client_id", clientId), ("client_secret", clientSecret), ("username", "ann"), ("password", "correct horse battery"))), 200);
        string second = signedIn.GetProperty("access_token").GetString()!;
        await ReadJsonAsync(await server.Client.PostAsync("/oauth/revoke", Form(("client_id", clientId), ("client_secret", clientSecret), ("token", second))), 200);
        var page = await server.Client.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", "urn:ietf:wg:oauth:2.0:oob"), ("response_type", "code"), ("scope", "read"), ("username", "ann"), ("password", "correct horse battery")));
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        using (var revoked = server.ClientWithToken(second))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/v1/accounts/verify_credentials")).StatusCode);
        }

        var live = await HealthAsync(server.Client, "/healthz", 200);
        Assert.Equal("Degraded", live.GetProperty("status").GetString());
        Assert.Equal("Degraded", live.GetProperty("checks").GetProperty("disk").GetProperty("status").GetString());
        var ready = await HealthAsync(server.Client, "/readyz", 200);
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("engine").GetProperty("status").GetString());

        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Matches(@"(?m)^chirp_disk_free_bytes \d", metrics);
        Assert.Contains("chirp_disk_min_free_bytes 1125899906842624", metrics);

        // One error when the guard found the disk low, none per refused request.
        Assert.Single(errors.Entries, entry => entry.StartsWith("Error Chirp.Server.Operations.DiskSpaceGuard", StringComparison.Ordinal));
        Assert.Single(errors.Entries);
    }

    [Fact]
    public async Task A_client_quoting_the_out_of_space_message_gets_its_own_error_and_logs_no_disk_error()
    {
        var errors = new ServerErrorLog();
        await using var server = await StartConfiguredAsync(builder => builder.Logging.AddProvider(errors), null);
        await ReadJsonAsync(await server.Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "x", redirect_uris = "No space left on device" }), 422);
        Assert.Empty(errors.Entries);
    }

    [Fact]
    public async Task Above_the_minimum_health_is_healthy_and_reports_each_check()
    {
        await using var server = await StartAsync();
        var ready = await HealthAsync(server.Client, "/readyz", 200);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        foreach (string check in new[] { "engine", "disk", "search" })
        {
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        Assert.Equal(2, ready.GetProperty("checks").GetProperty("engine").GetProperty("data").GetProperty("shards").GetInt32());
        Assert.Equal(512L << 20, ready.GetProperty("checks").GetProperty("disk").GetProperty("data").GetProperty("min_free_bytes").GetInt64());
        var live = await HealthAsync(server.Client, "/healthz", 200);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.False(live.GetProperty("checks").TryGetProperty("engine", out _), "liveness runs only the cheap checks");
    }

    [Fact]
    public void Search_lag_above_the_setting_is_degraded_and_at_or_below_it_healthy()
    {
        var limit = TimeSpan.FromSeconds(60);
        Assert.Equal(HealthStatus.Degraded, SearchLagHealthCheck.Judge(TimeSpan.FromSeconds(61), limit).Status);
        Assert.Equal(HealthStatus.Healthy, SearchLagHealthCheck.Judge(TimeSpan.FromSeconds(60), limit).Status);
        Assert.Equal(HealthStatus.Healthy, SearchLagHealthCheck.Judge(TimeSpan.Zero, limit).Status);
    }

    [Fact]
    public async Task Readiness_is_503_with_json_when_the_engine_has_failed_and_liveness_stays_200()
    {
        await using var server = await StartAsync();
        server.Engine.Dispose();
        var ready = await HealthAsync(server.Client, "/readyz", 503);
        Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("engine").GetProperty("status").GetString());
        await HealthAsync(server.Client, "/healthz", 200);
    }

    private static async Task<JsonElement> HealthAsync(HttpClient client, string path, int expectedStatus) =>
        await ReadJsonAsync(await client.GetAsync(path), expectedStatus);
}
