using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Server.Media;
using Microsoft.Extensions.Options;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>
/// Two Chirp servers (in process, each with its own data directory) whose media live in one bucket of a real
/// S3-compatible server (s3rver), as the nodes of a cluster do: an upload through one is served by the other under the
/// same URL and headers. And the start refuses a half-configured or unusable bucket with a clear message.
/// </summary>
public sealed class S3MediaServerTests
{
    [SkippableFact]
    public async Task An_image_uploaded_through_one_server_is_served_by_another_sharing_the_bucket_with_the_same_headers()
    {
        await using var s3 = await S3rverProcess.StartAsync();
        await using var first = await RunningServer.StartAsync(null, s3.ServerSettings());
        await using var second = await RunningServer.StartAsync(null, s3.ServerSettings());
        using var ann = first.ClientWithToken(await first.SignUpAsync("ann"));
        byte[] png = TestImages.Png(12, 9);
        string hash = Convert.ToHexStringLower(SHA256.HashData(png));

        var uploaded = await RunningServer.ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(png)), 200);
        string path = new Uri(uploaded.GetProperty("url").GetString()!).AbsolutePath;
        var served = await second.Client.GetAsync(path);

        Assert.Equal($"/media/{hash}.png", path);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png.Length, served.Content.Headers.ContentLength);
        Assert.Equal($"\"{hash}\"", served.Headers.ETag?.Tag);
        Assert.Equal(MediaCaching.CacheControl, served.Headers.GetValues("Cache-Control").Single());
        Assert.Contains("sandbox", served.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("bytes", served.Headers.AcceptRanges.Single());

        // The first serve checked the bytes against the hash; later ones (a range, a revalidation) stream straight through.
        using var range = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(8, 15) } };
        var partial = await second.Client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(png[8..16], await partial.Content.ReadAsByteArrayAsync());
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfNoneMatch = { new EntityTagHeaderValue($"\"{hash}\"") } } };
        Assert.Equal(HttpStatusCode.NotModified, (await second.Client.SendAsync(revalidate)).StatusCode);

        // The same rules as a local store: another extension or unknown content is a 404, and nothing is on the servers' disks.
        Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync($"/media/{hash}.gif")).StatusCode);
        await RunningServer.ReadJsonAsync(await second.Client.GetAsync($"/media/{new string('0', 64)}.png"), 404);
        Assert.False(Directory.Exists(Path.Combine(first.DataDirectory, "media", "content")));
        Assert.False(Directory.Exists(Path.Combine(second.DataDirectory, "media", "content")));
        Assert.Equal(["content/" + hash], await s3.KeysAsync("content/"));
    }

    [SkippableFact]
    public async Task A_status_attaches_bucket_media_and_deleting_it_deletes_their_records_and_later_their_content()
    {
        await using var s3 = await S3rverProcess.StartAsync();
        await using var server = await RunningServer.StartAsync(null, s3.ServerSettings());
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        var media = await RunningServer.ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(4, 4))), 200);
        string mediaId = media.GetProperty("id").GetString()!;

        var status = await RunningServer.ReadJsonAsync(
            await ann.PostAsync("/api/v1/statuses", RunningServer.Form(("status", "with a picture"), ("media_ids[]", mediaId))), 200);
        var attachment = Assert.Single(status.GetProperty("media_attachments").EnumerateArray());
        Assert.Equal(mediaId, attachment.GetProperty("id").GetString());
        // A second post cannot take the same media.
        await RunningServer.ReadJsonAsync(await ann.PostAsync("/api/v1/statuses", RunningServer.Form(("status", "again"), ("media_ids[]", mediaId))), 422);

        await RunningServer.ReadJsonAsync(await ann.DeleteAsync($"/api/v1/statuses/{status.GetProperty("id").GetString()}"), 200);

        Assert.Empty(await s3.KeysAsync("records/"));
        // Another node's record may share the content: it goes with the sweep, once past the grace period.
        Assert.Single(await s3.KeysAsync("content/"));
        await RunningServer.ReadJsonAsync(await ann.GetAsync($"/api/v1/media/{mediaId}"), 404);
    }

    [SkippableFact]
    public async Task A_bucket_that_stops_answering_gives_503_media_storage_unavailable_not_500()
    {
        var s3 = await S3rverProcess.StartAsync();
        await using var server = await RunningServer.StartAsync(null, s3.ServerSettings());
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        var media = await RunningServer.ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(3, 3))), 200);
        string path = new Uri(media.GetProperty("url").GetString()!).AbsolutePath;
        await s3.DisposeAsync();

        var upload = await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(5, 3)));
        var serve = await server.Client.GetAsync(path);

        foreach (var response in new[] { upload, serve })
        {
            var error = await RunningServer.ReadJsonAsync(response, 503);
            Assert.Equal("media_storage_unavailable", error.GetProperty("error").GetString());
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task A_half_configured_bucket_stops_the_start_naming_the_missing_settings()
    {
        string data = Path.Combine(Path.GetTempPath(), "chirp-s3-half-" + Guid.NewGuid().ToString("N"));
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
                RunningServer.StartAsync(data, "--Chirp:Media:S3:Bucket", "chirp-media", "--Chirp:Media:S3:AccessKey", "key"));

            Assert.Contains("Chirp:Media:S3:ServiceUrl is missing", error.Message, StringComparison.Ordinal);
            Assert.Contains("Chirp:Media:S3:SecretKey is missing", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Bucket is missing", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            DeleteQuietly(data);
        }
    }

    [SkippableFact]
    public async Task A_bucket_that_does_not_exist_stops_the_start_with_a_typed_error()
    {
        await using var s3 = await S3rverProcess.StartAsync();
        string data = Path.Combine(Path.GetTempPath(), "chirp-s3-missing-" + Guid.NewGuid().ToString("N"));
        string[] settings = [.. s3.ServerSettings()];
        settings[Array.IndexOf(settings, s3.Bucket)] = "not-there";
        try
        {
            var error = await Assert.ThrowsAsync<MediaStorageException>(() => RunningServer.StartAsync(data, settings));

            Assert.Equal(MediaStorageProblem.BucketNotFound, error.Problem);
            Assert.Contains("The media bucket 'not-there' does not exist", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            DeleteQuietly(data);
        }
    }

    private static MultipartFormDataContent Upload(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", "upload.png" } };
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
