using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Chirp.Engine.Tests.Server.Media;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Request bodies and parameters are bounded: arrays, parameter counts and body sizes, each with a JSON error.</summary>
public sealed class InputLimitTests
{
    [Fact]
    public async Task Forty_thousand_redirect_uris_are_refused_at_the_array_cap_without_login()
    {
        await using var server = await StartAsync();
        // 40,000 one-letter elements: about 160 KB, under the body limit, so the array cap is what refuses them (the
        // parser stops at the 257th element). Before the cap, every element was checked (and, before that, each one
        // copied the whole list: 4.8 s of CPU).
        string body = "{\"client_name\":\"x\",\"redirect_uris\":[" + string.Join(',', Enumerable.Repeat("\"a\"", 40_000)) + "]}";
        var refused = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", new StringContent(body, Encoding.UTF8, "application/json")), 422);
        Assert.Equal("ERR_TOO_LONG", refused.GetProperty("details").GetProperty("redirect_uris")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_array_at_the_cap_is_read_whole_and_one_past_it_is_refused()
    {
        await using var server = await StartAsync(null, "--Chirp:Input:MaxArrayElements", "20");
        // Twenty distinct valid URIs pass the array cap and reach the app's own rule (at most 16 redirect URIs).
        string Uris(int count) => string.Join(',', Enumerable.Range(0, count).Select(i => $"\"https://app.example/cb{i}\""));
        var atCap = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", new StringContent($"{{\"client_name\":\"x\",\"redirect_uris\":[{Uris(20)}]}}", Encoding.UTF8, "application/json")), 422);
        Assert.Contains("more than 16", atCap.GetProperty("details").GetProperty("redirect_uris")[0].GetProperty("description").GetString());
        var pastCap = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", new StringContent($"{{\"client_name\":\"x\",\"redirect_uris\":[{Uris(21)}]}}", Encoding.UTF8, "application/json")), 422);
        Assert.Contains("more than 20 values", pastCap.GetProperty("details").GetProperty("redirect_uris")[0].GetProperty("description").GetString());
        await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", new StringContent($"{{\"client_name\":\"x\",\"redirect_uris\":[{Uris(16)}]}}", Encoding.UTF8, "application/json")), 200);
    }

    [Fact]
    public async Task Too_many_parameters_in_json_or_a_form_get_413_json()
    {
        await using var server = await StartAsync();
        string json = "{" + string.Join(',', Enumerable.Range(0, 2_000).Select(i => $"\"p{i}\":1")) + "}";
        var fromJson = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", new StringContent(json, Encoding.UTF8, "application/json")), 413);
        Assert.Contains("more than 1024 values", fromJson.GetProperty("error").GetString());

        var form = Form([.. Enumerable.Range(0, 2_000).Select(i => ($"p{i}", "1"))]);
        var fromForm = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", form), 413);
        Assert.Contains("limit", fromForm.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_json_whether_its_length_is_declared_or_chunked()
    {
        await using var server = await StartAsync();
        string big = "{\"client_name\":\"" + new string('x', 300 * 1024) + "\",\"redirect_uris\":\"urn:ietf:wg:oauth:2.0:oob\"}";
        var declared = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", new StringContent(big, Encoding.UTF8, "application/json")), 413);
        Assert.Equal("The request body is too large.", declared.GetProperty("error").GetString());

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/apps") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ReadJsonAsync(await server.Client.SendAsync(request), 413);

        var form = await ReadJsonAsync(await server.Client.PostAsync("/api/v1/apps", Form(("client_name", new string('x', 300 * 1024)))), 413);
        Assert.Equal("The request body is too large.", form.GetProperty("error").GetString());
        await ReadJsonAsync(await server.Client.GetAsync("/api/v1/instance"), 200);
    }

    [Fact]
    public async Task The_body_limit_is_a_setting_and_media_uploads_keep_their_own_larger_limit()
    {
        await using var server = await StartAsync(null, "--Chirp:Input:MaxBodyBytes", "4096");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "small", padding = new string('x', 5_000) }), 413);

        byte[] jpeg = TestImages.Jpeg(8, 8, new byte[60_000]);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "photo.jpg");
        await ReadJsonAsync(await ann.PostAsync("/api/v2/media", form), 200);
    }
}
