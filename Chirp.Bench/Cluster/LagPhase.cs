using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Bench.Support;

namespace Chirp.Bench.Cluster;

/// <summary>
/// <c>lag</c>: at a steady offered rate (open loop), each status is posted through one node and then read through the
/// next one, polled until it answers 200: the delay from the write's acknowledgement to its visibility on another
/// node's replica (a follower's replica for most shards), which is the apply lag a client can see.
/// </summary>
public static class LagPhase
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BenchCluster cluster, ClusterUsers users, string[] texts, int rate, int seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        long freq = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long end = start + (seconds * freq);
        var delays = new List<long>();
        var acks = new List<long>();
        var errors = new ErrorCount();
        long invisible = 0;
        var inFlight = new List<Task>();

        async Task OneAsync(long i, long scheduled)
        {
            var writer = cluster.Nodes[(int)(i % cluster.Nodes.Count)];
            var reader = cluster.Nodes[(int)((i + 1) % cluster.Nodes.Count)];
            int user = Random.Shared.Next(users.Count);
            string id;
            using (var response = await TrySendAsync(cluster.Client, users.Post(writer.ApiUrl, user, texts[Random.Shared.Next(texts.Length)])).ConfigureAwait(false))
            {
                if (response is null || !response.IsSuccessStatusCode)
                {
                    errors.Add($"POST via {writer.Id} → {(response is null ? "no answer" : ((int)response.StatusCode).ToString(inv))}");
                    return;
                }

                id = (await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false)).GetProperty("id").GetString()!;
            }

            long acknowledged = Stopwatch.GetTimestamp();
            while (true)
            {
                using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(reader.ApiUrl, "/api/v1/statuses/" + id));
                read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users.Tokens[user]);
                using var response = await TrySendAsync(cluster.Client, read).ConfigureAwait(false);
                long now = Stopwatch.GetTimestamp();
                if (response?.StatusCode == HttpStatusCode.OK)
                {
                    lock (delays)
                    {
                        delays.Add(now - acknowledged);
                        acks.Add(acknowledged - scheduled);
                    }

                    return;
                }

                if (response is not null && response.StatusCode != HttpStatusCode.NotFound)
                {
                    errors.Add($"GET via {reader.Id} → {(int)response.StatusCode}");
                }

                if (now - acknowledged > GiveUpAfter.TotalSeconds * freq)
                {
                    Interlocked.Increment(ref invisible);
                    return;
                }

                await Task.Delay(PollInterval).ConfigureAwait(false);
            }
        }

        for (long i = 0; ; i++)
        {
            long scheduled = start + (long)(i * (double)freq / rate);
            if (scheduled >= end)
            {
                break;
            }

            while (Stopwatch.GetTimestamp() < scheduled)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }

            long index = i;
            inFlight.Add(Task.Run(() => OneAsync(index, scheduled)));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var lag = new LatencySummary(delays);
        var ack = new LatencySummary(acks);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"lag: {rate:N0} posts/s offered for {seconds} s (open loop), each posted through node i and polled every {PollInterval.TotalMilliseconds:F0} ms through node i+1 until 200"));
        Console.WriteLine($"  {"",-28} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"max ms",9} {"count",8}");
        Row("post acknowledged (sched.)", ack);
        Row("visible on the next node", lag);
        Console.WriteLine(string.Create(inv, $"  not visible within {GiveUpAfter.TotalSeconds:F0} s: {invisible}; errors: {errors.Count}{(errors.First is null ? "" : " (first: " + errors.First + ")")}  (issue 15: apply lag p99 <= 100 ms at half load)"));
        Console.WriteLine(string.Create(inv, $"RESULT cluster phase=lag rate={rate} seconds={seconds} visible_p50_us={lag.PercentileMicroseconds(50):F0} visible_p99_us={lag.PercentileMicroseconds(99):F0} visible_max_us={lag.MaxMicroseconds:F0} ack_p99_us={ack.PercentileMicroseconds(99):F0} invisible={invisible} errors={errors.Count}"));

        void Row(string name, LatencySummary s) =>
            Console.WriteLine(string.Create(inv, $"  {name,-28} {s.PercentileMicroseconds(50) / 1000,9:F1} {s.PercentileMicroseconds(90) / 1000,9:F1} {s.PercentileMicroseconds(99) / 1000,9:F1} {s.MaxMicroseconds / 1000,9:F1} {s.Count,8:N0}"));
    }

    private static async Task<HttpResponseMessage?> TrySendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using (request)
            {
                var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                return response;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }
}
