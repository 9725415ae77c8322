using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Chirp.Server;
using Chirp.Server.Operations;
using Microsoft.Extensions.Configuration;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Where the server listens: the standard ASP.NET Core settings (containers), and HTTPS with a Kestrel certificate.</summary>
public sealed class DeploymentTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Https:Url", "https://0.0.0.0:8443")]
    public void Any_standard_address_setting_replaces_the_loopback_default(string key, string value)
    {
        Assert.False(DefaultAddress.IsConfigured(new ConfigurationBuilder().Build()));
        Assert.True(DefaultAddress.IsConfigured(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build()));
    }

    [Fact]
    public async Task Aspnetcore_http_ports_as_the_container_images_set_it_is_where_the_server_listens()
    {
        int port = FreePort();
        string directory = Path.Combine(Path.GetTempPath(), "chirp-ports-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chirp.Server.dll"));
        start.ArgumentList.Add("--Chirp:DataDirectory");
        start.ArgumentList.Add(directory);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var waited = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(process.HasExited, "the server exited");
                try
                {
                    var ready = await probe.GetAsync("/readyz");
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                    break;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"nothing answered on port {port} (ASPNETCORE_HTTP_PORTS) within 60 s");
                await Task.Delay(100);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task With_https_ports_and_a_kestrel_certificate_the_api_answers_over_https_with_https_urls()
    {
        using var certificate = SelfSigned();
        string directory = Path.Combine(Path.GetTempPath(), "chirp-https-" + Guid.NewGuid().ToString("N"));
        string pfx = directory + ".pfx";
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test password"));
        int port = FreePort();
        var server = ServerApp.Build([
            "--https_ports", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Kestrel:Certificates:Default:Path", pfx,
            "--Kestrel:Certificates:Default:Password", "test password",
            "--Chirp:DataDirectory", directory, "--Chirp:ShardCount", "2", "--Logging:LogLevel:Default", "Warning",
        ]);
        await server.StartAsync();
        try
        {
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

            var app = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/apps", new { client_name = "tls", redirect_uris = "urn:ietf:wg:oauth:2.0:oob", scopes = "read write" }), 200);
            var appToken = await ReadJsonAsync(await client.PostAsync("/oauth/token", Form(
                ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!), ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", "read write"))), 200);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", appToken.GetProperty("access_token").GetString());
            var user = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/accounts", new { username = "ann", email = "ann@example.com", password = "a long password", agreement = true }), 200);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.GetProperty("access_token").GetString());

            var status = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = "over tls" }), 200);
            // https_ports binds every address; without Chirp:PublicOrigin, URLs name that listener as localhost.
            Assert.StartsWith($"https://localhost:{port}/", status.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("https://", status.GetProperty("account").GetProperty("url").GetString(), StringComparison.Ordinal);
            await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = "again over tls" }), 200);
            var page = await client.GetAsync($"/api/v1/accounts/{status.GetProperty("account").GetProperty("id").GetString()}/statuses?limit=1");
            Assert.Equal(1, (await ReadJsonAsync(page, 200)).GetArrayLength());
            Assert.StartsWith("<https://", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        }
        finally
        {
            await server.StopAsync();
            await server.DisposeAsync();
            File.Delete(pfx);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
