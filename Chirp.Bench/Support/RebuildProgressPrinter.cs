using System.Diagnostics;
using System.Globalization;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Prints <see cref="ChirpEngine.RebuildSearchIndexAsync"/> progress as it is reported (on the indexer's thread, not
/// posted elsewhere like <see cref="Progress{T}"/>): each finished shard, and otherwise at most one line every
/// <c>interval</c>.
/// </summary>
public sealed class RebuildProgressPrinter(TextWriter log, TimeSpan interval) : IProgress<SearchRebuildProgress>
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastPrint;
    private int _shardsDone;
    private long _documents;

    /// <summary>The documents of the last report: at the end, all the rebuild indexed.</summary>
    public long Documents => Interlocked.Read(ref _documents);

    public void Report(SearchRebuildProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            Interlocked.Exchange(ref _documents, value.Documents);
            var now = _clock.Elapsed;
            if (value.ShardsDone == _shardsDone && now - _lastPrint < interval)
            {
                return;
            }

            _shardsDone = value.ShardsDone;
            _lastPrint = now;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  rebuild t={now.TotalSeconds,6:F1}s  shards done {value.ShardsDone}/{value.ShardCount}  documents {value.Documents,12:N0}  ({value.Documents / Math.Max(1e-9, now.TotalSeconds),9:N0}/s)"));
        }
    }
}
