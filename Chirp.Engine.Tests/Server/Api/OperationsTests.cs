using System.Net;
using Chirp.Engine.Tests.Server.Support;

namespace Chirp.Engine.Tests.Server.Api;

public sealed class OperationsTests
{
    [Fact]
    public async Task Metrics_cors_health_and_readiness_answer()
    {
        await using var server = await RunningServer.StartAsync();
        await server.SignUpAsync("ann");

        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("chirp_fanout_queue_depth", metrics);
        Assert.Contains("chirp_search_lag_seconds", metrics);
        Assert.Contains("http_request_duration_seconds", metrics);
        Assert.Contains("chirp_read_cache_hit_ratio{cache=\"tweets\"}", metrics);
        Assert.Contains("chirp_rocksdb_bytes{shard=\"0\",kind=\"sst_files\"}", metrics);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/instance");
        request.Headers.Add("Origin", "https://client.example");
        var response = await server.Client.SendAsync(request);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Link", response.Headers.GetValues("Access-Control-Expose-Headers").Single());

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);
    }
}
