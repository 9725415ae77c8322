using System.Diagnostics;
using System.Globalization;

namespace Chirp.Bench.Workload;

/// <summary>
/// The live progress of a phase: on a terminal one line redrawn twice a second, otherwise a line every 5 seconds, with
/// the operations done, the rate and the failures.
/// </summary>
public sealed class PhaseProgress : IAsyncDisposable
{
    private readonly string _label;
    private readonly long _total;
    private readonly TextWriter _out;
    private readonly bool _redraw;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _printer;
    private long _done;
    private long _failed;

    public PhaseProgress(string label, long total, TextWriter output)
    {
        _label = label;
        _total = total;
        _out = output;
        _redraw = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        _printer = PrintLoopAsync();
    }

    public long Done => Interlocked.Read(ref _done);

    public void Completed() => Interlocked.Increment(ref _done);

    public void Failed() => Interlocked.Increment(ref _failed);

    /// <summary>Sets the count directly (for phases that count in batches).</summary>
    public void Report(long done) => Interlocked.Exchange(ref _done, done);

    private async Task PrintLoopAsync()
    {
        var interval = _redraw ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);
        try
        {
            while (true)
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                Print(final: false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Print(bool final)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        long done = Done;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"  {_label}: {done:N0}/{_total:N0} in {seconds:F1} s, {(seconds > 0 ? done / seconds : 0):N0}/s, {Interlocked.Read(ref _failed):N0} failed");
        if (_redraw)
        {
            _out.Write("\r" + line.PadRight(100) + (final ? Environment.NewLine : string.Empty));
        }
        else if (!final)
        {
            _out.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _printer.ConfigureAwait(false);
        Print(final: true);
        _stop.Dispose();
    }
}
