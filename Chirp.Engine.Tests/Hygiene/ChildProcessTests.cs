using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;

namespace Chirp.Engine.Tests.Hygiene;

/// <summary>
/// A test that starts a process through <see cref="ChildProcess"/> leaves nothing running, however it ends: the child
/// and the child's own children are killed when the test fails inside the <c>await using</c>, when it is cancelled,
/// and when the test host exits without disposing.
/// </summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task A_test_failing_inside_the_using_leaves_neither_the_child_nor_its_children_running()
    {
        int shell = 0;
        int grandchild = 0;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var child = ChildProcess.Start(ShellWithASleepingChild());
            shell = child.Id;
            grandchild = int.Parse((await child.Process.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
            Assert.True(IsRunning(shell) && IsRunning(grandchild));
            throw new InvalidOperationException("the test failed here");
        });

        Assert.Equal("the test failed here", failure.Message);
        Assert.False(await StillRunsAsync(shell), $"the shell {shell} still runs");
        Assert.False(await StillRunsAsync(grandchild), $"the shell's child {grandchild} still runs");
    }

    [Fact]
    public async Task A_cancelled_test_leaves_no_child_running()
    {
        int shell = 0;
        int grandchild = 0;
        using var timeout = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await using var child = ChildProcess.Start(ShellWithASleepingChild());
            shell = child.Id;
            grandchild = int.Parse((await child.Process.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
            await timeout.CancelAsync();
            await child.WaitForExitAsync(timeout.Token);
        });

        Assert.False(await StillRunsAsync(shell), $"the shell {shell} still runs");
        Assert.False(await StillRunsAsync(grandchild), $"the shell's child {grandchild} still runs");
    }

    [Fact]
    public async Task Children_left_undisposed_are_killed_when_their_host_process_exits()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(typeof(ProcessLeaker).Assembly.Location);
        start.ArgumentList.Add(ProcessLeaker.Command);
        await using var leaker = ChildProcess.Start(start);
        string? line = await leaker.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        int sleeper = int.Parse(line, CultureInfo.InvariantCulture);
        await leaker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, leaker.Process.ExitCode);
        Assert.False(await StillRunsAsync(sleeper), $"the sleep {sleeper} that the exited host left undisposed still runs");
    }

    /// <summary>A shell that starts <c>sleep</c> in the background, prints its id and waits for it.</summary>
    private static ProcessStartInfo ShellWithASleepingChild()
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("sleep 600 & echo $!; wait");
        return start;
    }

    /// <summary>
    /// Whether the process still runs 10 s from now: a SIGKILL is delivered asynchronously, so a killed process may
    /// show as running for a moment after the kill returns; one that was never killed runs on.
    /// </summary>
    private static async Task<bool> StillRunsAsync(int pid)
    {
        for (int attempt = 0; attempt < 100 && IsRunning(pid); attempt++)
        {
            await Task.Delay(100);
        }

        return IsRunning(pid);
    }

    /// <summary>Whether the process exists and is not a zombie (a killed orphan may wait unreaped in a container).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
