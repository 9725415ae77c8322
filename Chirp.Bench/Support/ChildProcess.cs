using System.Collections.Concurrent;
using System.Diagnostics;

namespace Chirp.Bench.Support;

/// <summary>
/// A child process that never outlives its owner: disposing it kills its whole tree (SIGKILL) and waits for the exit,
/// so an <c>await using</c> leaves nothing running whichever way the owner ends (normal end, failed assertion,
/// exception, cancellation or timeout); and children still running when this process exits (a test host torn down,
/// a benchmark ending without disposing) are killed by a process-exit hook.
/// </summary>
/// <remarks>A process that is itself killed with SIGKILL runs no hook: its children are then re-parented, not killed.</remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Running = new();
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private int _disposed;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var child in Running.Keys)
            {
                child.TryKill();
            }
        };
    }

    private ChildProcess(Process process) => Process = process;

    /// <summary>The process, for its streams, id and exit code.</summary>
    public Process Process { get; }

    public int Id => Process.Id;

    public bool HasExited => Process.HasExited;

    /// <summary>The children started here and not yet disposed.</summary>
    public static int RunningCount => Running.Count;

    /// <summary>
    /// Starts <paramref name="start"/>. With <paramref name="onOutput"/> (or <paramref name="onError"/>) the redirected
    /// stdout (stderr) is read line by line into it; a redirected stream without a handler is the caller's to read.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be run.</exception>
    public static ChildProcess Start(ProcessStartInfo start, Action<string?>? onOutput = null, Action<string?>? onError = null)
    {
        var process = new Process { StartInfo = start };
        if (onOutput is not null)
        {
            process.OutputDataReceived += (_, e) => onOutput(e.Data);
        }

        if (onError is not null)
        {
            process.ErrorDataReceived += (_, e) => onError(e.Data);
        }

        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        var child = new ChildProcess(process);
        Running.TryAdd(child, 0);
        if (onOutput is not null)
        {
            process.BeginOutputReadLine();
        }

        if (onError is not null)
        {
            process.BeginErrorReadLine();
        }

        return child;
    }

    /// <summary>SIGKILL to the process and every descendant now; nothing if it has exited.</summary>
    public void Kill()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => Process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the tree (if still running) and waits up to 10 s for the exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Kill();
            await Process.WaitForExitAsync().WaitAsync(ExitTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Killed, but a descendant that left the tree still holds an output pipe open. Throwing here would hide
            // the owner's own outcome (an `await using` rethrows the disposal's exception instead).
        }
        finally
        {
            Running.TryRemove(this, out _);
            Process.Dispose();
        }
    }

    private void TryKill()
    {
        try
        {
            Kill();
        }
        catch (Exception e) when (e is AggregateException or System.ComponentModel.Win32Exception)
        {
            // The process is exiting: a child that may not be killed (another user's) cannot be helped now.
        }
    }
}
