using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Fuzz;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Logging;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>The server on a disk that really fills up: a small tmpfs, where this machine lets the test mount one.</summary>
public sealed class FullDiskTests
{
    private const int DiskMiB = 192;

    [SkippableFact]
    public async Task On_a_filling_disk_writes_get_507_until_space_is_freed_reads_go_on_and_a_full_disk_closes_cleanly()
    {
        using var disk = TmpfsMount.TryMount(DiskMiB, out string whyNot);
        Skip.If(disk is null, whyNot);
        string data = Path.Combine(disk.Path, "data");

        // The guard: below 16 MiB free, writes are refused before storage runs out; freeing space lets them in again.
        var guarded = await StartAsync(data, "--Chirp:Disk:MinFreeMiB", "16");
        string token = await guarded.SignUpAsync("ann");
        string statusId;
        using (var ann = guarded.ClientWithToken(token))
        {
            statusId = (await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "searchable after a full disk" }), 200)).GetProperty("id").GetString()!;
            disk.Fill("filler", disk.FreeBytes - (8L << 20));
            await WaitForDiskStatusAsync(guarded.Client, "Degraded");
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "no room" }), 507);
            await ReadJsonAsync(await ann.GetAsync($"/api/v1/statuses/{statusId}"), 200);

            File.Delete(Path.Combine(disk.Path, "filler"));
            await WaitForDiskStatusAsync(guarded.Client, "Healthy");
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "room again" }), 200);
        }

        await guarded.DisposeAsyncKeepingData();

        // Without the guard, the disk fills to the last byte: an upload that meets it is a 507 and an error in the log,
        // and the server still stops cleanly (the search index commit at close fails and is only logged).
        var errors = new ServerErrorLog();
        var unguarded = await StartConfiguredAsync(builder => builder.Logging.AddProvider(errors), data, "--Chirp:Disk:MinFreeMiB", "0");
        using (var ann = unguarded.ClientWithToken(token))
        {
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "indexed just before the disk filled" }), 200);
            await unguarded.Engine.WaitForSearchAsync();
            disk.FillCompletely("filler");
            using var upload = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(64, 64)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "a.png" } };
            var full = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", upload), 507);
            Assert.Contains("out of disk space", full.GetProperty("error").GetString(), StringComparison.Ordinal);
            await ReadJsonAsync(await ann.GetAsync($"/api/v1/statuses/{statusId}"), 200);
        }

        Assert.Contains(errors.Entries, entry => entry.StartsWith("Error Chirp.Server.Api.ApiErrors: Out of disk space on POST /api/v2/media", StringComparison.Ordinal));
        await unguarded.DisposeAsyncKeepingData();

        File.Delete(Path.Combine(disk.Path, "filler"));
        await using var restarted = await StartAsync(data, "--Chirp:Disk:MinFreeMiB", "16");
        using var reader = restarted.ClientWithToken(token);
        await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{statusId}"), 200);
        await restarted.Engine.WaitForSearchAsync();
        var found = await ReadJsonAsync(await reader.GetAsync("/api/v2/search?q=indexed+filled&type=statuses"), 200);
        Assert.Equal(1, found.GetProperty("statuses").GetArrayLength());
        await ReadJsonAsync(await reader.PostAsJsonAsync("/api/v1/statuses", new { status = "writes work after the restart" }), 200);
    }

    /// <summary>Waits for the guard's next samples (once a second) to see the disk as it now is.</summary>
    private static async Task WaitForDiskStatusAsync(HttpClient client, string status)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var live = await ReadJsonAsync(await client.GetAsync("/healthz"), 200);
            if (live.GetProperty("checks").GetProperty("disk").GetProperty("status").GetString() == status)
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"the disk check did not become {status}");
            await Task.Delay(100);
        }
    }
}
