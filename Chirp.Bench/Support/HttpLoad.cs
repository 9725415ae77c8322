using System.Diagnostics;
using System.Globalization;

namespace Chirp.Bench.Support;

/// <summary>
/// Drives HTTP requests in two ways: closed loops sending as fast as each answer comes back (saturation), and an open
/// loop that sends on a fixed schedule whatever the answers do (a steady offered load).
/// </summary>
public static class HttpLoad
{
    /// <summary>How often the open-loop dispatcher wakes to send what has fallen due.</summary>
    private static readonly TimeSpan DispatchInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// <paramref name="concurrency"/> loops each send a request, read the whole answer, and send the next, for
    /// <paramref name="warmupSeconds"/> + <paramref name="seconds"/>. Requests that start and finish in the window count.
    /// </summary>
    public static async Task<HttpRunResult> SaturateAsync(HttpClient client, Func<HttpRequestMessage> request, int concurrency, int warmupSeconds, int seconds)
    {
        long freq = Stopwatch.Frequency;
        long measureFrom = Stopwatch.GetTimestamp() + (warmupSeconds * freq);
        long measureTo = measureFrom + (seconds * freq);
        var errors = new ErrorCount();
        var samples = new List<long>[concurrency];

        async Task LoopAsync(int loop)
        {
            var mine = new List<long>(1 << 14);
            samples[loop] = mine;
            while (true)
            {
                long before = Stopwatch.GetTimestamp();
                if (before >= measureTo)
                {
                    return;
                }

                string? error = await SendAsync(client, request()).ConfigureAwait(false);
                long after = Stopwatch.GetTimestamp();
                if (before < measureFrom || after >= measureTo)
                {
                    continue;
                }

                if (error is null)
                {
                    mine.Add(after - before);
                }
                else
                {
                    errors.Add(error);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => LoopAsync(loop)))).ConfigureAwait(false);
        return new HttpRunResult(new LatencySummary(samples.SelectMany(s => s)), errors.Count, errors.First, seconds);
    }

    /// <summary>
    /// Sends request i at start + i / <paramref name="rate"/> without waiting for earlier answers, and measures each
    /// latency from that scheduled time rather than from the actual send, so that a stall of the server or of the
    /// sender is charged to every request it delayed (no coordinated omission). Requests scheduled in the window after
    /// <paramref name="warmupSeconds"/> count.
    /// </summary>
    public static async Task<HttpRunResult> PacedAsync(HttpClient client, Func<HttpRequestMessage> request, int rate, int warmupSeconds, int seconds)
    {
        long freq = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (warmupSeconds * freq);
        long measureTo = measureFrom + (seconds * freq);
        var errors = new ErrorCount();
        var samples = new List<long>(rate * seconds);
        var inFlight = new List<Task>();

        async Task OneAsync(long scheduled)
        {
            string? error = await SendAsync(client, request()).ConfigureAwait(false);
            long latency = Stopwatch.GetTimestamp() - scheduled;
            if (scheduled < measureFrom)
            {
                return;
            }

            if (error is null)
            {
                lock (samples)
                {
                    samples.Add(latency);
                }
            }
            else
            {
                errors.Add(error);
            }
        }

        for (long i = 0; ; i++)
        {
            long scheduled = start + (long)(i * (double)freq / rate);
            if (scheduled >= measureTo)
            {
                break;
            }

            while (Stopwatch.GetTimestamp() < scheduled)
            {
                await Task.Delay(DispatchInterval).ConfigureAwait(false);
            }

            inFlight.Add(Task.Run(() => OneAsync(scheduled)));
            if (inFlight.Count >= 4096)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return new HttpRunResult(new LatencySummary(samples), errors.Count, errors.First, seconds);
    }

    /// <summary>Sends and reads the whole answer; returns null on a 2xx, else what went wrong.</summary>
    private static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false))
            {
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                return string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri} → {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"{request.Method} {request.RequestUri} → {ex.GetType().Name}: {ex.Message}";
        }
    }
}
