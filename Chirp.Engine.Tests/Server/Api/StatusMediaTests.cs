using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Media and the statuses that use them: one status per media, edits that keep or replace, deletes that remove.</summary>
public sealed class StatusMediaTests : TwoUserServerTest
{
    private async Task<(string Id, string Url)> UploadAsync(HttpClient client, int width = 3)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.Png(width, 2));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "upload.png");
        var media = await ReadJsonAsync(await client.PostAsync("/api/v2/media", form), 200);
        return (media.GetProperty("id").GetString()!, media.GetProperty("url").GetString()!);
    }

    private static string[] MediaIdsOf(JsonElement status) =>
        [.. status.GetProperty("media_attachments").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Ten_concurrent_posts_of_one_media_make_one_status_and_nine_422s()
    {
        var (mediaId, _) = await UploadAsync(Ann);
        // Ten open connections first, so the ten posts reach the server together rather than one connection at a time.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Ann.GetAsync("/api/v1/accounts/verify_credentials")));
        using var start = new SemaphoreSlim(0);
        var posts = Enumerable.Range(0, 10).Select(async i =>
        {
            await start.WaitAsync();
            return await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = $"race {i}", media_ids = new[] { mediaId } });
        }).ToList();
        start.Release(10);

        var responses = await Task.WhenAll(posts);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var error = await ReadJsonAsync(refused, 422);
            Assert.Equal("ERR_INVALID", error.GetProperty("details").GetProperty("media_ids")[0].GetProperty("error").GetString());
        }

        var account = await ReadJsonAsync(await Ann.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        var statuses = await ReadJsonAsync(await Ann.GetAsync($"/api/v1/accounts/{account.GetProperty("id").GetString()}/statuses"), 200);
        var posted = Assert.Single(statuses.EnumerateArray());
        Assert.Equal([mediaId], MediaIdsOf(posted));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_status_with_its_media()
    {
        var (mediaId, _) = await UploadAsync(Ann);

        async Task<HttpResponseMessage> PostAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = JsonContent.Create(new { status = "once", media_ids = new[] { mediaId } }) };
            request.Headers.Add("Idempotency-Key", key);
            return await Ann.SendAsync(request);
        }

        var first = await ReadJsonAsync(await PostAsync("key-1"), 200);
        var retry = await ReadJsonAsync(await PostAsync("key-1"), 200);
        await ReadJsonAsync(await PostAsync("key-2"), 422);

        Assert.Equal(first.GetProperty("id").GetString(), retry.GetProperty("id").GetString());
        Assert.Equal([mediaId], MediaIdsOf(retry));
    }

    [Fact]
    public async Task An_edit_without_media_ids_keeps_the_media()
    {
        var (mediaId, url) = await UploadAsync(Ann);
        string id = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "with a picture", media_ids = new[] { mediaId } }), 200)).GetProperty("id").GetString()!;

        var edited = await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "new words" }), 200);

        Assert.Equal([mediaId], MediaIdsOf(edited));
        Assert.Equal([mediaId], MediaIdsOf(await ReadJsonAsync(await Ann.GetAsync($"/api/v1/statuses/{id}"), 200)));
        Assert.Equal(HttpStatusCode.OK, (await Server.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task An_edit_with_media_ids_replaces_the_media_and_deletes_the_removed_ones()
    {
        var (kept, keptUrl) = await UploadAsync(Ann, 3);
        var (removed, removedUrl) = await UploadAsync(Ann, 4);
        var (added, _) = await UploadAsync(Ann, 5);
        string id = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "two pictures", media_ids = new[] { kept, removed } }), 200)).GetProperty("id").GetString()!;

        var edited = await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "swapped one", media_ids = new[] { added, kept } }), 200);

        Assert.Equal([added, kept], MediaIdsOf(edited));
        Assert.Equal(HttpStatusCode.OK, (await Server.Client.GetAsync(keptUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync(removedUrl)).StatusCode);
        await ReadJsonAsync(await Ann.GetAsync($"/api/v1/media/{removed}"), 404);
        var cleared = await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "no pictures", media_ids = Array.Empty<string>() }), 200);
        Assert.Empty(MediaIdsOf(cleared));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync(keptUrl)).StatusCode);
    }

    [Fact]
    public async Task An_edit_cannot_take_media_attached_to_another_status()
    {
        var (taken, _) = await UploadAsync(Ann, 3);
        await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "first", media_ids = new[] { taken } }), 200);
        string id = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "second" }), 200)).GetProperty("id").GetString()!;

        await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "steal", media_ids = new[] { taken } }), 422);

        Assert.Empty(MediaIdsOf(await ReadJsonAsync(await Ann.GetAsync($"/api/v1/statuses/{id}"), 200)));
    }

    [Fact]
    public async Task Deleting_a_status_deletes_its_media_at_once()
    {
        var (mediaId, url) = await UploadAsync(Ann);
        string id = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "soon gone", media_ids = new[] { mediaId } }), 200)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Server.Client.GetAsync(url)).StatusCode);

        await ReadJsonAsync(await Ann.DeleteAsync($"/api/v1/statuses/{id}"), 200);

        await ReadJsonAsync(await Server.Client.GetAsync(url), 404);
        await ReadJsonAsync(await Ann.GetAsync($"/api/v1/media/{mediaId}"), 404);
    }

    [Fact]
    public async Task Undoing_a_reblog_keeps_the_original_media()
    {
        var (mediaId, url) = await UploadAsync(Ann);
        string id = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "boost me", media_ids = new[] { mediaId } }), 200)).GetProperty("id").GetString()!;
        string reblog = (await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{id}/reblog", null), 200)).GetProperty("id").GetString()!;

        await ReadJsonAsync(await Bob.DeleteAsync($"/api/v1/statuses/{reblog}"), 200);

        Assert.Equal(HttpStatusCode.OK, (await Server.Client.GetAsync(url)).StatusCode);
    }
}
