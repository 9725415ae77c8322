using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Operations;

/// <summary>
/// The server's own state follows the engine's rules: a damaged server store (OAuth apps, codes, revocations) or
/// signing key refuses the start with a critical log naming the file; the operator's option recovers the store and logs
/// at error level what it dropped.
/// </summary>
public sealed class StorageDamageServerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chirp-server-damage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_server_store_whose_log_is_damaged_refuses_to_start_naming_the_file_and_the_recovery_setting()
    {
        string log = await WriteServerStateAndDamageItsLogAsync();
        var capture = new LogCapture();

        var refused = await Assert.ThrowsAsync<ChirpException>(() => RunningServer.StartConfiguredAsync(capture.AddTo, _directory));

        Assert.Equal(ChirpErrorCode.StorageDamaged, refused.ErrorCode);
        Assert.Contains("server state", refused.Message);
        Assert.Contains(Path.GetFileName(log), refused.Message);
        var critical = Assert.Single(capture.Entries, entry => entry.Level == LogLevel.Critical);
        Assert.Contains(Path.GetFileName(log), critical.Everything);
        Assert.Contains("Chirp:RecoverFromDamage=true", critical.Everything);
    }

    [Fact]
    public async Task With_RecoverFromDamage_a_damaged_server_store_opens_and_logs_at_error_level_what_it_dropped()
    {
        string log = await WriteServerStateAndDamageItsLogAsync();
        var capture = new LogCapture();

        await using var server = await RunningServer.StartConfiguredAsync(capture.AddTo, _directory, "--Chirp:RecoverFromDamage", "true");

        var error = Assert.Single(capture.Entries, entry => entry.Level == LogLevel.Error && entry.Everything.Contains("dropping data", StringComparison.Ordinal));
        Assert.Contains(Path.GetFileName(log), error.Everything);
        Assert.Contains("is lost", error.Everything);
        Assert.True(File.Exists(Path.Combine(_directory, "server", "lost", Path.GetFileName(log))));
        await server.SignUpAsync("after");
    }

    [Fact]
    public async Task A_damaged_signing_key_file_refuses_to_start_naming_the_file()
    {
        var server = await RunningServer.StartAsync(_directory);
        await server.DisposeAsyncKeepingData();

        string key = Path.Combine(_directory, "server", "token-signing.key");
        await File.WriteAllTextAsync(key, "not base64 at all!");
        var capture = new LogCapture();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RunningServer.StartConfiguredAsync(capture.AddTo, _directory));

        Assert.Contains(key, refused.Message);
        Assert.Contains("damaged", refused.Message);
        Assert.Contains(capture.Entries, entry => entry.Level == LogLevel.Critical && entry.Everything.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_shard_log_cut_inside_its_last_record_is_recovered_at_start_and_logged_as_a_warning()
    {
        var server = await RunningServer.StartAsync(_directory);
        using (var client = server.ClientWithToken(await server.SignUpAsync("ann")))
        {
            for (int i = 0; i < 5; i++)
            {
                await RunningServer.ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = $"status {i}" }), 200);
            }
        }

        await server.DisposeAsyncKeepingData();
        string log = Directory.GetFiles(Path.Combine(_directory, "engine"), "*.log", SearchOption.AllDirectories).OrderBy(path => new FileInfo(path).Length).Last();
        using (var file = new FileStream(log, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        var capture = new LogCapture();
        await using var restarted = await RunningServer.StartConfiguredAsync(capture.AddTo, _directory);

        var warning = Assert.Single(capture.Entries, entry => entry.Level == LogLevel.Warning && entry.Everything.Contains("torn", StringComparison.Ordinal));
        Assert.Contains(Path.GetFileName(log), warning.Everything);
        Assert.DoesNotContain(capture.Entries, entry => entry.Level >= LogLevel.Error);
    }

    /// <summary>Registers apps, signs up and revokes a token (all in the server store), stops, and damages the store's log.</summary>
    private async Task<string> WriteServerStateAndDamageItsLogAsync()
    {
        var server = await RunningServer.StartAsync(_directory);
        for (int i = 0; i < 10; i++)
        {
            await server.RegisterAppAsync();
        }

        var (clientId, secret) = await server.RegisterAppAsync();
        await server.SignUpAsync("ann");
        var issued = await RunningServer.ReadJsonAsync(
            await server.Client.PostAsync("/oauth/token", RunningServer.Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read"))), 200);
        await RunningServer.ReadJsonAsync(
            await server.Client.PostAsync("/oauth/revoke", RunningServer.Form(("client_id", clientId), ("client_secret", secret), ("token", issued.GetProperty("access_token").GetString()!))), 200);
        await server.DisposeAsyncKeepingData();

        string log = Directory.GetFiles(Path.Combine(_directory, "server"), "*.log").OrderBy(path => new FileInfo(path).Length).Last();
        using var file = new FileStream(log, FileMode.Open);
        file.Position = file.Length / 4;
        file.Write([0xde, 0xad, 0xbe, 0xef]);
        return log;
    }
}
