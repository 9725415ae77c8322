using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Logging;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Advertised media limits, security headers, damaged media over HTTP, and the status log.</summary>
public sealed class MediaSafetyApiTests
{
    private static MultipartFormDataContent Upload(byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "upload.png");
        return form;
    }

    [Fact]
    public async Task The_instance_advertises_the_media_limits_it_enforces()
    {
        await using var server = await StartAsync(null, "--Chirp:Media:MaxBytes", "20000", "--Chirp:Media:MaxPixels", "100");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));

        var v2 = await ReadJsonAsync(await server.Client.GetAsync("/api/v2/instance"), 200);
        var v1 = await ReadJsonAsync(await server.Client.GetAsync("/api/v1/instance"), 200);
        var refused = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(11, 10))), 422);
        await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(10, 10))), 200);

        foreach (var media in new[] { v2.GetProperty("configuration").GetProperty("media_attachments"), v1.GetProperty("configuration").GetProperty("media_attachments") })
        {
            Assert.Equal(20000, media.GetProperty("image_size_limit").GetInt64());
            Assert.Equal(100, media.GetProperty("image_matrix_limit").GetInt64());
        }

        Assert.Equal("ERR_INVALID", refused.GetProperty("details").GetProperty("file")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task By_default_a_header_declaring_100000_by_100000_pixels_is_refused_with_422_on_file()
    {
        await using var server = await StartAsync();
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));

        var refused = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.PngDeclaring(100_000, 100_000))), 422);
        var instance = await ReadJsonAsync(await server.Client.GetAsync("/api/v2/instance"), 200);

        Assert.True(refused.GetProperty("details").TryGetProperty("file", out _));
        var media = instance.GetProperty("configuration").GetProperty("media_attachments");
        Assert.Equal(10 * 1024 * 1024, media.GetProperty("image_size_limit").GetInt64());
        Assert.Equal(7680 * 4320, media.GetProperty("image_matrix_limit").GetInt64());
    }

    [Fact]
    public async Task Every_response_is_nosniff_with_a_restrictive_policy_and_media_are_sandboxed()
    {
        await using var server = await StartAsync();
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        var uploaded = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(3, 3))), 200);
        string url = uploaded.GetProperty("url").GetString()!;

        var answers = new[]
        {
            await server.Client.GetAsync("/api/v2/instance"),
            await server.Client.GetAsync("/no/such/route"),
            await server.Client.GetAsync("/api/v1/accounts/verify_credentials"),
            await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "" }),
            await ann.PostAsync("/api/v2/media", Upload("<html>not an image</html>"u8.ToArray())),
            await server.Client.GetAsync("/media/" + new string('a', 64) + ".png"),
        };
        var media = await server.Client.GetAsync(url);

        foreach (var answer in answers.Append(media))
        {
            Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("default-src 'none'", Assert.Single(answer.Headers.GetValues("Content-Security-Policy")));
            Assert.Contains("frame-ancestors 'none'", Assert.Single(answer.Headers.GetValues("Content-Security-Policy")));
        }

        Assert.All(answers, a => Assert.DoesNotContain("sandbox", Assert.Single(a.Headers.GetValues("Content-Security-Policy"))));
        Assert.EndsWith("; sandbox", Assert.Single(media.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("inline", media.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(url[(url.LastIndexOf('/') + 1)..], media.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task The_authorize_page_keeps_its_own_policy()
    {
        await using var server = await StartAsync();
        var (clientId, _) = await server.RegisterAppAsync("http://127.0.0.1:9/callback");

        var page = await server.Client.GetAsync($"/oauth/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:9/callback")}&scope=read");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("style-src 'unsafe-inline'", Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task A_damaged_media_file_is_not_served_under_its_etag_and_the_damage_is_logged()
    {
        var log = new LogCapture();
        await using var server = await StartConfiguredAsync(log.AddTo, null);
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        var uploaded = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(8, 8))), 200);
        string url = uploaded.GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(url)).StatusCode);
        string file = Directory.GetFiles(Path.Combine(server.DataDirectory, "media", "content"), "*", SearchOption.AllDirectories).Single();
        byte[] bytes = await File.ReadAllBytesAsync(file);
        bytes[^20] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);
        // Any write moves the time; set it apart explicitly, as the file system's clock tick may be coarser than this test.
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));

        var damaged = await server.Client.GetAsync(url);
        var again = await server.Client.GetAsync(url);

        await ReadJsonAsync(damaged, 404);
        Assert.Null(damaged.Headers.ETag);
        await ReadJsonAsync(again, 404);
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(url[(url.LastIndexOf('/') + 1)..url.LastIndexOf('.')], error.Values["ContentHash"]);
    }

    [Fact]
    public async Task Posting_editing_and_deleting_a_status_are_logged_with_ids_and_counts_but_no_text()
    {
        var log = new LogCapture();
        await using var server = await StartConfiguredAsync(log.AddTo, null, "--Logging:LogLevel:Chirp.Server.Statuses", "Information");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        var media = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(3, 3))), 200);
        var status = await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "secret words", media_ids = new[] { media.GetProperty("id").GetString() } }), 200);
        string id = status.GetProperty("id").GetString()!;
        await ReadJsonAsync(await ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "other secret words" }), 200);
        await ReadJsonAsync(await ann.DeleteAsync($"/api/v1/statuses/{id}"), 200);

        var events = log.Entries.Where(e => e.Category == "Chirp.Server.Statuses").ToList();

        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.All(events, e => Assert.Equal(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), e.Values["StatusId"]));
        Assert.All(events, e => Assert.Equal(1, e.Values["MediaCount"]));
        Assert.Equal(1, events[2].Values["MediaDeleted"]);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("secret", StringComparison.Ordinal) || e.Values.Values.Any(v => v?.ToString()?.Contains("secret", StringComparison.Ordinal) == true));
    }
}
