using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Crash;

[CollectionDefinition(nameof(CrashRecoveryTests), DisableParallelization = true)]
public sealed class CrashRecoveryCollection;

/// <summary>
/// Kills a real writer process with SIGKILL in the middle of its writes, over and over on one directory, and checks
/// after each kill that everything it acknowledged survived and that both sides of every cross-shard edge agree once
/// the outbox drains. Runs alone, so the kill timing is not squeezed by other tests on a small machine.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Rounds = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_and_restart()
    {
        int seed = Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string directory = Path.Combine(Path.GetTempPath(), "chirp-crash-" + Guid.NewGuid().ToString("N"));
        var model = new AcknowledgedModel();
        try
        {
            for (int round = 0; round < Rounds; round++)
            {
                var started = Stopwatch.StartNew();
                int runFor = random.Next(300, 1501);
                var (lines, startup) = await RunWriterUntilKilledAsync(directory, seed * 10 + round, TimeSpan.FromMilliseconds(runFor));
                var verifying = Stopwatch.StartNew();
                var failures = model.Add(lines);
                Assert.True(failures.Count == 0, $"round {round} (seed {seed}): the writer reported failures:\n" + string.Join('\n', failures));

                long outboxAtOpen;
                long searchResumedAt;
                using (var engine = ChirpEngine.Open(CrashWriter.OptionsFor(directory)))
                {
                    outboxAtOpen = engine.GetOutboxDepth();
                    searchResumedAt = engine.GetSearchStatistics().Sum(s => s.CommittedPosition);
                    var problems = await model.VerifyAsync(engine, FlushTimeout);
                    Assert.True(problems.Count == 0, $"round {round} (seed {seed}), after killing the writer {runFor} ms after its first acknowledgement:\n" + string.Join('\n', problems));

                    // The writer read home timelines as it went, so fanout was running into them when it was killed.
                    await engine.WaitForFanoutAsync();
                    var timelines = HomeTimelineReference.Check(engine, model.AccountIds);
                    Assert.True(timelines.Count == 0, $"round {round} (seed {seed}): home timelines after restart:\n" + string.Join('\n', timelines));

                    // The writer committed its index every 200 ms, so indexing resumed from a recorded position and
                    // replayed the rest: nothing may be lost or doubled.
                    await engine.WaitForSearchAsync();
                    var search = SearchReference.Check(engine, model.AccountIds);
                    Assert.True(search.Count == 0, $"round {round} (seed {seed}): search after restart:\n" + string.Join('\n', search));
                }

                output.WriteLine($"round {round}: killed {runFor} ms after the first ack, {lines.Count} lines, outbox {outboxAtOpen} at reopen, search resumed at {searchResumedAt}; " +
                    $"{startup.TotalMilliseconds:F0} ms to the first ack, {verifying.ElapsedMilliseconds} ms to verify, {started.ElapsedMilliseconds} ms in all; " +
                    $"so far {model.Acknowledged} acks ({model.Describe()}), {model.InFlightFollows} follow attempts in flight at a kill, {model.CutLines} cut lines");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Never created, or something still holds a file: not worth hiding the test's own outcome for.
            }
        }
    }

    /// <summary>
    /// Starts the writer, kills it (SIGKILL) <paramref name="runFor"/> after its first ACK, and returns all its stdout
    /// lines and how long the first ACK took.
    /// </summary>
    private static async Task<(List<string> Lines, TimeSpan Startup)> RunWriterUntilKilledAsync(string directory, int seed, TimeSpan runFor)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashWriter).Assembly.Location);
        start.ArgumentList.Add(CrashProtocol.WriterCommand);
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));

        var lines = new List<string>();
        var firstAck = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        await using var writer = ChildProcess.Start(start);
        var process = writer.Process;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    firstAck.TrySetResult(true);
                }
            }

            firstAck.TrySetResult(false);
        });

        bool acknowledged;
        try
        {
            acknowledged = await firstAck.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            acknowledged = false;
        }

        if (!acknowledged)
        {
            writer.Kill();
            await process.WaitForExitAsync().WaitAsync(ExitTimeout);
            Assert.Fail($"The writer acknowledged nothing (exit code {process.ExitCode}). stderr:\n{await stderr.WaitAsync(ExitTimeout)}");
        }

        var startup = clock.Elapsed;
        await Task.Delay(runFor);
        if (process.HasExited)
        {
            Assert.Fail($"The writer exited by itself (exit code {process.ExitCode}). stderr:\n{await stderr.WaitAsync(ExitTimeout)}");
        }

        writer.Kill();
        await process.WaitForExitAsync().WaitAsync(ExitTimeout);
        await stdout.WaitAsync(ExitTimeout);
        await stderr.WaitAsync(ExitTimeout);
        return (lines, startup);
    }

    /// <summary>The dotnet host running this test, so the child runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }
}
