using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

public sealed class MediaApiTests : TwoUserServerTest
{

    private static MultipartFormDataContent Upload(byte[] bytes, string claimedType = "image/png", string? description = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(claimedType);
        form.Add(file, "file", "upload.bin");
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }

        return form;
    }

    [Fact]
    public async Task An_upload_is_typed_from_its_bytes_served_immutably_and_attachable_by_its_owner()
    {
        byte[] png = TestImages.Png(3, 2);
        var media = await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", Upload(png, "image/jpeg", "a tiny image")), 200);
        Assert.Equal("image", media.GetProperty("type").GetString());
        Assert.Equal(3, media.GetProperty("meta").GetProperty("original").GetProperty("width").GetInt32());
        Assert.Equal("a tiny image", media.GetProperty("description").GetString());
        string url = media.GetProperty("url").GetString()!;
        Assert.EndsWith(".png", url);
        string id = media.GetProperty("id").GetString()!;

        var served = await Server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", served.Headers.CacheControl!.ToString());
        var etag = served.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await Server.Client.SendAsync(conditional)).StatusCode);

        await ReadJsonAsync(await Ann.GetAsync($"/api/v1/media/{id}"), 200);
        await ReadJsonAsync(await Bob.GetAsync($"/api/v1/media/{id}"), 404);
        await ReadJsonAsync(await Bob.PostAsJsonAsync("/api/v1/statuses", new { status = "stolen", media_ids = new[] { id } }), 422);
        var status = await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "with a picture", media_ids = new[] { id } }), 200);
        Assert.Equal(id, status.GetProperty("media_attachments")[0].GetProperty("id").GetString());
        await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "again", media_ids = new[] { id } }), 422);
    }

    [Fact]
    public async Task Non_images_and_missing_files_are_refused()
    {
        var text = await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", Upload("just text, not a picture"u8.ToArray())), 415);
        Assert.True(text.TryGetProperty("error", out _));
        var truncated = TestImages.Png(4, 4)[..30];
        await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", Upload(truncated)), 422);
        await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", new MultipartFormDataContent { { new StringContent("x"), "description" } }), 400);
        await ReadJsonAsync(await Server.Client.GetAsync("/media/" + new string('a', 64) + ".png"), 404);
        await ReadJsonAsync(await Server.Client.GetAsync("/media/../../etc/passwd"), 404);
    }

    [Fact]
    public async Task A_file_part_without_a_file_name_is_still_the_file()
    {
        byte[] png = TestImages.Png(5, 4);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(png);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
        form.Add(file);
        form.Add(new StringContent("no name"), "description");

        var media = await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", form), 200);
        Assert.Equal(5, media.GetProperty("meta").GetProperty("original").GetProperty("width").GetInt32());
        Assert.Equal("no name", media.GetProperty("description").GetString());
        await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")), 400);
    }

    [Fact]
    public async Task A_description_is_updated_by_the_owner_only()
    {
        var media = await ReadJsonAsync(await Ann.PostAsync("/api/v2/media", Upload(TestImages.Gif(2, 2), "image/gif")), 200);
        string id = media.GetProperty("id").GetString()!;

        var described = await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/media/{id}", new { description = "now described" }), 200);
        Assert.Equal("now described", described.GetProperty("description").GetString());
        await ReadJsonAsync(await Bob.PutAsJsonAsync($"/api/v1/media/{id}", new { description = "mine now" }), 404);
        await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/media/{id}", new { description = new string('x', 1501) }), 422);
        Assert.Equal(JsonValueKind.String, described.GetProperty("url").ValueKind);
    }
}
