using System.Net.Http.Headers;
using System.Text;
using Chirp.Engine.Tests.Server.Fuzz;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Bugs the HTTP fuzz test (Server/Fuzz) found, each pinned by the smallest request that showed it.</summary>
public sealed class FuzzRegressionTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _ann = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        _ann = _server.ClientWithToken(await _server.SignUpAsync("ann"));
    }

    public async Task DisposeAsync()
    {
        _ann.Dispose();
        await _server.DisposeAsync();
    }

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Theory]
    [InlineData("{\"status\":\"\\ud800\"}")]
    [InlineData("{\"status\":\"a\\udc00b\"}")]
    [InlineData("{\"status\":\"x\\ud83d\"}")]
    [InlineData("{\"\\ud800\":\"a key that is half a character\"}")]
    public async Task A_json_string_with_a_lone_surrogate_escape_is_a_400_not_a_500(string json)
    {
        var response = await _ann.PostAsync("/api/v1/statuses", Body(Encoding.ASCII.GetBytes(json), "application/json"));

        var error = await ReadJsonAsync(response, 400);
        Assert.Equal("The JSON body holds text that is not valid Unicode.", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_json_string_with_invalid_utf8_bytes_is_a_400_not_a_500()
    {
        byte[] json = [.. "{\"status\":\""u8, 0xED, 0xA0, 0x80, 0xFF, .. "\"}"u8];

        await ReadJsonAsync(await _ann.PostAsync("/api/v1/statuses", Body(json, "application/json")), 400);
        await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Body(json, "application/json")), 400);
    }

    [Fact]
    public async Task Text_holding_U_FFFE_which_dotnet_cannot_normalize_is_a_422_not_a_500()
    {
        await ReadJsonAsync(await _ann.PostAsync("/api/v1/statuses", Form(("status", "a\uFFFEb"))), 422);
        await ReadJsonAsync(await _ann.PatchAsync("/api/v1/accounts/update_credentials", Form(("note", "\uFFFE"))), 422);
        await ReadJsonAsync(await _ann.PatchAsync("/api/v1/accounts/update_credentials", Form(("display_name", "x\uFFFE"))), 422);
        await ReadJsonAsync(await _ann.GetAsync("/api/v2/search?q=%EF%BF%BE&type=statuses"), 422);
        var all = await ReadJsonAsync(await _ann.GetAsync("/api/v2/search?q=a%EF%BF%BE"), 422);
        Assert.Equal("ERR_INVALID", all.GetProperty("details").EnumerateObject().Single().Value[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_chunk_size_that_overflows_is_a_400_not_a_500()
    {
        string token = _ann.DefaultRequestHeaders.Authorization!.Parameter!;
        string request = $"POST /api/v1/statuses HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n";

        byte[]? answer = await RawHttpExchange.SendAsync(_server.BaseAddress, Encoding.ASCII.GetBytes(request), TimeSpan.FromSeconds(10));

        var response = RawResponse.Parse(answer!);
        Assert.Equal(400, response?.Status);
        Assert.StartsWith("application/json", response!.Header("Content-Type"));
    }

    [Fact]
    public async Task A_form_body_in_utf7_is_a_415_not_a_500()
    {
        var form = Body("grant_type=password&username=ann"u8.ToArray(), "application/x-www-form-urlencoded; charset=utf-7");

        var error = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", form), 415);
        Assert.Equal("The form body's charset is not supported.", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_http_1_0_request_without_host_gets_urls_on_the_servers_own_address()
    {
        string status = (await ReadJsonAsync(await _ann.PostAsync("/api/v1/statuses", Form(("status", "hello"))), 200)).GetProperty("id").GetString()!;

        foreach (string path in new[] { "/api/v1/instance", $"/api/v1/statuses/{status}", "/api/v1/timelines/tag/nothing?limit=1" })
        {
            byte[]? answer = await RawHttpExchange.SendAsync(_server.BaseAddress, Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\n\r\n"), TimeSpan.FromSeconds(10));
            string text = Encoding.UTF8.GetString(answer!);
            Assert.StartsWith("HTTP/1.1 200 ", text);
            if (!path.Contains("/tag/", StringComparison.Ordinal))
            {
                Assert.Contains($"\"http://{_server.BaseAddress.Authority}/", text);
            }
        }
    }

    [Theory]
    [InlineData("127.0.0.1:99999")]
    [InlineData("[::1]:70000")]
    public async Task A_host_whose_port_is_out_of_range_gets_urls_on_the_servers_own_address(string host)
    {
        string status = (await ReadJsonAsync(await _ann.PostAsync("/api/v1/statuses", Form(("status", "hello"))), 200)).GetProperty("id").GetString()!;

        foreach (string path in new[] { "/api/v1/instance", $"/api/v1/statuses/{status}" })
        {
            // Raw, because HttpClient adds its own Host header next to one it cannot parse.
            byte[]? answer = await RawHttpExchange.SendAsync(_server.BaseAddress, Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), TimeSpan.FromSeconds(10));
            string text = Encoding.UTF8.GetString(answer!);
            Assert.StartsWith("HTTP/1.1 200 ", text);
            Assert.Contains($"\"http://{_server.BaseAddress.Authority}/", text);
        }
    }

    [Fact]
    public async Task An_error_for_a_client_that_has_gone_is_not_written_and_does_not_throw()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.Body = new MemoryStream();

        bool handled = await new ApiErrors(NullLogger<ApiErrors>.Instance).TryHandleAsync(context, ApiException.NotFound(), aborted.Token);

        Assert.True(handled);
        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
    }
}
