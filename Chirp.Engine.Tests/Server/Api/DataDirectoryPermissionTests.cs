using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Media;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPermissionTests
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [SkippableFact]
    public async Task Every_directory_and_file_the_server_writes_is_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions only");
        string directory;
        await using (var server = await StartAsync())
        {
            directory = server.DataDirectory;
            using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
            using var upload = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(8, 8)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "a.png" } };
            string media = (await ReadJsonAsync(await ann.PostAsync("/api/v2/media", upload), 200)).GetProperty("id").GetString()!;
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "with a picture", media_ids = new[] { media } }), 200);
            await server.Engine.WaitForSearchAsync();
            await server.DisposeAsyncKeepingData();

            var entries = Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Prepend(directory).ToList();
            Assert.Contains(entries, e => e.EndsWith("token-signing.key", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Contains($"{Path.DirectorySeparatorChar}media{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && File.Exists(e));
            Assert.Contains(entries, e => e.Contains($"{Path.DirectorySeparatorChar}search{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && File.Exists(e));
            var open = entries.Where(e => (File.GetUnixFileMode(e) & GroupOrOther) != 0).Select(e => $"{Path.GetRelativePath(directory, e)} {File.GetUnixFileMode(e)}").ToList();
            Assert.True(open.Count == 0, "readable or writable by others: " + string.Join(", ", open.Take(10)));
        }
    }

    [SkippableFact]
    public async Task A_data_directory_left_open_by_an_older_version_is_closed_to_other_users_at_start()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions only");
        string directory = Path.Combine(Path.GetTempPath(), "chirp-open-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        await using var server = await StartAsync(directory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }
}
