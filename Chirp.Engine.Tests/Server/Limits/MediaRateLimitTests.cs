using System.Net;
using System.Net.Http.Headers;
using Chirp.Engine.Tests.Server.Media;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>
/// Media limits: uploads per user in number and in bytes, bytes per address whichever accounts upload, and content
/// under /media per address with its own limit.
/// </summary>
public sealed class MediaRateLimitTests
{
    /// <summary>A valid JPEG of about 60 KB, most of it an APP15 segment.</summary>
    private static readonly byte[] Image = TestImages.Jpeg(8, 8, new byte[60_000]);

    private static readonly int UploadsInOneMiB = (int)Math.Ceiling((double)(1 << 20) / Image.Length);

    [Fact]
    public async Task Uploads_are_limited_per_user_in_number()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:MediaUploadsPerUserPer30Minutes", "2");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        using var bob = server.ClientWithToken(await server.SignUpAsync("bob"));
        await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload()), 200);
        await ReadJsonAsync(await ann.PostAsync("/api/v1/media", Upload()), 200);
        using var limited = await ann.PostAsync("/api/v2/media", Upload());
        await ReadJsonAsync(limited, 429);
        Assert.Equal("2", limited.Headers.GetValues("X-RateLimit-Limit").Single());
        await ReadJsonAsync(await bob.PostAsync("/api/v2/media", Upload()), 200);
    }

    [Fact]
    public async Task Uploads_are_limited_per_user_in_bytes_the_last_one_of_a_window_may_go_past()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:MediaMiBPerUserPerHour", "1");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        using var bob = server.ClientWithToken(await server.SignUpAsync("bob"));
        Assert.Equal(UploadsInOneMiB, await UploadUntilRefusedAsync([ann]));
        await ReadJsonAsync(await bob.PostAsync("/api/v2/media", Upload()), 200);
    }

    [Fact]
    public async Task Upload_bytes_are_limited_per_address_across_accounts()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:MediaMiBPerIpPerHour", "1");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        using var bob = server.ClientWithToken(await server.SignUpAsync("bob"));
        Assert.Equal(UploadsInOneMiB, await UploadUntilRefusedAsync([ann, bob]));
    }

    [Fact]
    public async Task Media_content_counts_against_its_own_per_address_limit()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:MediaRequestsPerIpPerMinute", "2");
        string missing = "/media/" + new string('0', 64) + ".png";
        using var first = await server.Client.GetAsync(missing);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal("2", first.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(missing)).StatusCode);
        using var limited = await server.Client.GetAsync(missing);
        await ReadJsonAsync(limited, 429);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/instance")).StatusCode);
    }

    private static async Task<int> UploadUntilRefusedAsync(HttpClient[] uploaders)
    {
        for (int i = 0; i < 100; i++)
        {
            using var response = await uploaders[i % uploaders.Length].PostAsync("/api/v2/media", Upload());
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return i;
            }

            await ReadJsonAsync(response, 200);
        }

        return -1;
    }

    private static MultipartFormDataContent Upload()
    {
        var file = new ByteArrayContent(Image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { file, "file", "upload.jpg" } };
    }
}
