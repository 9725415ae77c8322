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

    [Fact]
    public async Task Each_server_in_a_process_exports_its_own_engine_and_scrapes_go_on_after_another_closes()
    {
        var twoShards = await RunningServer.StartAsync();
        await using var fourShards = await RunningServer.StartAsync(null, "--Chirp:ShardCount", "4");

        string ofTwo = await twoShards.Client.GetStringAsync("/metrics");
        string ofFour = await fourShards.Client.GetStringAsync("/metrics");
        Assert.Contains("chirp_rocksdb_running_compactions{shard=\"1\"}", ofTwo);
        Assert.DoesNotContain("chirp_rocksdb_running_compactions{shard=\"3\"}", ofTwo);
        Assert.Contains("chirp_rocksdb_running_compactions{shard=\"3\"}", ofFour);
        Assert.Contains("process_cpu_seconds_total", ofFour);

        // Scrapes of the open server race with the other's close; its engine is never read once closing starts.
        using var stop = new CancellationTokenSource();
        var scrapes = Task.Run(async () =>
        {
            int count = 0;
            while (!stop.IsCancellationRequested)
            {
                Assert.Contains("chirp_fanout_queue_depth", await fourShards.Client.GetStringAsync("/metrics"));
                count++;
            }

            return count;
        });
        await twoShards.DisposeAsync();
        await stop.CancelAsync();
        Assert.True(await scrapes > 0);
        Assert.Contains("chirp_rocksdb_running_compactions{shard=\"3\"}", await fourShards.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Timeline_sizing_settings_reach_the_engine_and_out_of_range_values_stop_the_start()
    {
        await using (var server = await RunningServer.StartAsync(null, "--Chirp:ExpectedActiveUsers", "5000", "--Chirp:TimelineMemoryMiB", "64"))
        {
            Assert.Equal(5_000, server.Engine.Options.ExpectedActiveUsers);
            Assert.Equal(64L << 20, server.Engine.Options.TimelineMemoryBytes);
        }

        await using (var defaults = await RunningServer.StartAsync())
        {
            Assert.Equal(1_000_000, defaults.Engine.Options.ExpectedActiveUsers);
            Assert.Equal(1L << 30, defaults.Engine.Options.TimelineMemoryBytes);
        }

        foreach (string[] setting in new[] { new[] { "--Chirp:ExpectedActiveUsers", "999" }, ["--Chirp:TimelineMemoryMiB", "8"] })
        {
            var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RunningServer.StartAsync(null, setting));
            Assert.Contains(setting[0]["--Chirp:".Length..], refused.Message, StringComparison.Ordinal);
        }
    }
}
