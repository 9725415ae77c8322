using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.ProcessClients;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>
/// <c>Chirp.Server backup</c> against a real server process while clients post, then <c>restore</c> into a new data
/// directory and a server started on it; and restores of damaged or incomplete backups, refused.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class BackupRestoreTests(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 3;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "chirp-backup-test-" + Guid.NewGuid().ToString("N"));

    private string Data => Path.Combine(_root, "data");

    private string Backup => Path.Combine(_root, "backup");

    private string Restored => Path.Combine(_root, "restored");

    [Fact]
    public async Task A_backup_taken_while_clients_post_restores_every_status_acknowledged_before_it_began_and_reads_agree()
    {
        int port = ServerProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var tokens = new List<string>();
        var ids = new List<string>();
        var acknowledged = new ConcurrentQueue<(int Writer, string Id, string Word)>();
        (int Writer, string Id, string Word)[] before;
        byte[] picture = TestImages.Png(3, 2);
        string mediaId, mediaPath, pictureStatusId;
        await using (var server = await ServerProcess.StartAsync(Data, port))
        {
            using var anonymous = new HttpClient { BaseAddress = address };
            (tokens, ids) = await SignUpFollowingRingAsync(address, Writers);

            using (var client = AuthorizedClient(address, tokens[0]))
            {
                using var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(picture);
                file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                form.Add(file, "file", "upload.png");
                var media = await ReadJsonAsync(await client.PostAsync("/api/v2/media", form), 200);
                mediaId = media.GetProperty("id").GetString()!;
                mediaPath = new Uri(media.GetProperty("url").GetString()!).AbsolutePath;
                pictureStatusId = (await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = "a picture", media_ids = new[] { mediaId } }), 200)).GetProperty("id").GetString()!;
            }

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                using var client = AuthorizedClient(address, tokens[w]);
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    string word = $"backupword{w}x{n}";
                    var response = await client.PostAsJsonAsync("/api/v1/statuses", new { status = $"post {word}" });
                    var status = await ReadJsonAsync(response, 200);
                    acknowledged.Enqueue((w, status.GetProperty("id").GetString()!, word));
                }
            })).ToArray();
            while (acknowledged.Count < 60)
            {
                await Task.Delay(20);
            }

            before = acknowledged.ToArray();
            var backup = await ServerCommand.RunAsync("backup", "--to", Backup, "--data", Data, "--server", address.ToString());
            int atBackupEnd = acknowledged.Count;
            while (acknowledged.Count < atBackupEnd + 20)
            {
                await Task.Delay(20);
            }

            await stop.CancelAsync();
            await Task.WhenAll(writers);
            output.WriteLine($"{before.Length} statuses acknowledged before the backup, {acknowledged.Count} in all; backup said: {backup.Output}{backup.Error}");
            Assert.Equal(0, backup.ExitCode);
        }

        var verify = await ServerCommand.RunAsync("verify-backup", "--from", Backup);
        Assert.Equal(0, verify.ExitCode);
        var restore = await ServerCommand.RunAsync("restore", "--from", Backup, "--data", Restored);
        Assert.True(restore.ExitCode == 0, restore.Error);

        await using var restored = await ServerProcess.StartAsync(Restored, port);

        // A token issued before the backup still works: the signing key was restored with the data.
        using var reader = AuthorizedClient(address, tokens[0]);
        Assert.Equal(ids[0], (await ReadJsonAsync(await reader.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString());
        foreach (var (writer, id, _) in before)
        {
            var status = await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{id}"), 200);
            Assert.Equal(ids[writer], status.GetProperty("account").GetProperty("id").GetString());
        }

        // The media part: the status still shows its picture, and the content is served.
        var withPicture = await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{pictureStatusId}"), 200);
        Assert.Equal([mediaId], withPicture.GetProperty("media_attachments").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(picture, await reader.GetByteArrayAsync(mediaPath));

        // Writer w follows writer w+1: each home timeline, rebuilt after the restore, holds what its followee posted before the backup.
        for (int follower = 0; follower < Writers; follower++)
        {
            using var client = AuthorizedClient(address, tokens[follower]);
            var home = await WalkHomeAsync(client);
            int followed = (follower + 1) % Writers;
            var missing = before.Where(a => a.Writer == followed && !home.Contains(a.Id)).Select(a => a.Id).ToList();
            Assert.True(missing.Count == 0, $"writer{follower}'s home timeline misses {missing.Count} of writer{followed}'s statuses");
        }

        // Search is rebuilt from the restored records.
        foreach (var (_, id, word) in before.Where((_, i) => i % 10 == 0))
        {
            await WaitUntilFoundAsync(reader, word, id);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_damaged_or_incomplete_backup_and_leaves_the_data_directory_empty()
    {
        int port = ServerProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        await using (var server = await ServerProcess.StartAsync(Data, port))
        {
            using var anonymous = new HttpClient { BaseAddress = address };
            using var client = AuthorizedClient(address, await SignUpAsync(anonymous, "ann"));
            for (int i = 0; i < 20; i++)
            {
                await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = $"post {i}" }), 200);
            }

            // The endpoint wants the admin token; the command reads it from the data directory.
            using var noToken = await anonymous.PostAsJsonAsync("/api/v1/admin/backup", new { to = Backup });
            Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
            Assert.Equal(0, (await ServerCommand.RunAsync("backup", "--to", Backup, "--data", Data, "--server", address.ToString())).ExitCode);
            var again = await ServerCommand.RunAsync("backup", "--to", Backup, "--data", Data, "--server", address.ToString());
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("not empty", again.Error, StringComparison.Ordinal);
        }

        string engineTable = Directory.GetFiles(Path.Combine(Backup, "engine"), "*.sst", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).First();
        await AssertRefusedAsync(engineTable, bytes =>
        {
            bytes[bytes.Length / 2] ^= 0x04;
            return bytes;
        });
        string serverFile = Directory.GetFiles(Path.Combine(Backup, "server"), "*.sst").OrderByDescending(f => new FileInfo(f).Length).First();
        await AssertRefusedAsync(serverFile, bytes => bytes[..^7]);
        await AssertRefusedAsync(Path.Combine(Backup, "server", "token-signing.key"), bytes => bytes[..^1]);
        await AssertRefusedAsync(Path.Combine(Backup, "backup.json"), _ => null);

        var restore = await ServerCommand.RunAsync("restore", "--from", Backup, "--data", Restored);
        Assert.True(restore.ExitCode == 0, restore.Error);
        var intoUsed = await ServerCommand.RunAsync("restore", "--from", Backup, "--data", Restored);
        Assert.Equal(1, intoUsed.ExitCode);
        Assert.Contains("not empty", intoUsed.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Damages one file (a new file, not in place: the backup's table files are hard links to the data's), checks that
    /// verify-backup and restore refuse with exit code 2 naming it and restore writes nothing, then puts it back.
    /// </summary>
    private async Task AssertRefusedAsync(string file, Func<byte[], byte[]?> damage)
    {
        byte[] original = File.ReadAllBytes(file);
        File.Delete(file);
        if (damage((byte[])original.Clone()) is { } damaged)
        {
            File.WriteAllBytes(file, damaged);
        }

        var verify = await ServerCommand.RunAsync("verify-backup", "--from", Backup);
        var restore = await ServerCommand.RunAsync("restore", "--from", Backup, "--data", Restored);

        Assert.Equal(2, verify.ExitCode);
        Assert.Contains(Path.GetFileName(file), verify.Error, StringComparison.Ordinal);
        Assert.Equal(2, restore.ExitCode);
        Assert.Contains(Path.GetFileName(file), restore.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Restored) && Directory.EnumerateFileSystemEntries(Restored).Any(), "a refused restore wrote into the data directory");
        File.Delete(file);
        File.WriteAllBytes(file, original);
    }


    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
