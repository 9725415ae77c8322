using System.Diagnostics;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Server.Client;

/// <summary>
/// Drives the server with masto.js (7.x), the Mastodon client library behind several apps, on the machine's Node.js:
/// app, sign-up, log-in, media upload, post, reply, favourite, reblog, follow, the home timeline page by page through
/// the Link headers, a context, search, and a 404. The script is <c>masto/e2e.mjs</c>; its packages are installed with
/// <c>npm ci</c> (by <c>.ci/run</c>, or here when missing).
/// </summary>
public sealed class MastoClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Masto_js_walks_through_the_client_api_end_to_end()
    {
        string folder = Path.Combine(RepositoryRoot.Find(), "Chirp.Engine.Tests", "Server", "Client", "masto");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "masto")))
        {
            var install = await RunAsync("npm", folder, TimeSpan.FromMinutes(5), "ci", "--no-audit", "--no-fund");
            Assert.True(install.ExitCode == 0, $"npm ci failed:\n{install.Output}");
        }

        await using var server = await RunningServer.StartAsync();
        var run = await RunAsync("node", folder, TimeSpan.FromMinutes(2), "e2e.mjs", server.BaseAddress.ToString().TrimEnd('/'));
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("masto.js e2e passed", run.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        await using var child = ChildProcess.Start(start);
        var stdout = child.Process.StandardOutput.ReadToEndAsync();
        var stderr = child.Process.StandardError.ReadToEndAsync();
        try
        {
            await child.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            child.Kill();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {timeout}.\n{await stdout}\n{await stderr}");
        }

        return (child.Process.ExitCode, (await stdout) + (await stderr));
    }
}
