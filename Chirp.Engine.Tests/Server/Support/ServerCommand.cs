using System.Collections.Concurrent;
using System.Diagnostics;
using Chirp.Bench.Support;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>Runs <c>dotnet Chirp.Server.dll &lt;command&gt; ...</c> (backup, restore, verify-backup) as its own process and collects what it printed.</summary>
public static class ServerCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static async Task<CommandResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chirp.Server.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var error = new ConcurrentQueue<string>();
        await using var process = ChildProcess.Start(start, line => Collect(output, line), line => Collect(error, line));
        using var timeout = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(timeout.Token);
        process.Process.WaitForExit();
        return new CommandResult(process.Process.ExitCode, string.Join('\n', output), string.Join('\n', error));
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}

/// <summary>A finished command: its exit code, stdout and stderr.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error);
