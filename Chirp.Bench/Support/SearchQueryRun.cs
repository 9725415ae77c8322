using System.Diagnostics;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Runs search queries back to back on dedicated threads for a warmup and then a measured window, each thread cycling
/// through its own list of queries; only calls that start and finish inside the window count.
/// </summary>
public static class SearchQueryRun
{
    /// <summary>One thread cycling through <paramref name="set"/> in order.</summary>
    public static SearchRunResult Single(ChirpEngine engine, SearchQuerySet set, TimeSpan warmup, TimeSpan measure)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Run(engine, [[.. set.Queries.Select(q => (q, set.Request))]], warmup, measure);
    }

    /// <summary>
    /// <paramref name="threads"/> threads, each cycling through all the queries of all <paramref name="sets"/> in its
    /// own shuffled order (seeded), so the forms are mixed in proportion to their set sizes.
    /// </summary>
    public static SearchRunResult Mixed(ChirpEngine engine, IReadOnlyList<SearchQuerySet> sets, int threads, TimeSpan warmup, TimeSpan measure, int seed)
    {
        ArgumentNullException.ThrowIfNull(sets);
        (string, SearchRequest)[] all = [.. sets.SelectMany(s => s.Queries.Select(q => (q, s.Request)))];
        var lists = new (string, SearchRequest)[threads][];
        for (int t = 0; t < threads; t++)
        {
            lists[t] = [.. all];
            new Random(seed + t).Shuffle(lists[t]);
        }

        return Run(engine, lists, warmup, measure);
    }

    private static SearchRunResult Run(ChirpEngine engine, (string Query, SearchRequest Request)[][] lists, TimeSpan warmup, TimeSpan measure)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (lists.Any(l => l.Length == 0))
        {
            throw new ArgumentException("Every thread needs at least one query.", nameof(lists));
        }

        long freq = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (long)(warmup.TotalSeconds * freq);
        long measureTo = measureFrom + (long)(measure.TotalSeconds * freq);
        var samples = new List<long>[lists.Length];
        var hits = new long[lists.Length];
        long failures = 0;
        string? firstFailure = null;
        var threads = new Thread[lists.Length];
        for (int t = 0; t < lists.Length; t++)
        {
            int thread = t;
            threads[t] = new Thread(() =>
            {
                var mine = new List<long>(1 << 14);
                samples[thread] = mine;
                var list = lists[thread];
                for (int i = 0; ; i = (i + 1) % list.Length)
                {
                    long before = Stopwatch.GetTimestamp();
                    if (before >= measureTo)
                    {
                        return;
                    }

                    int count;
                    try
                    {
                        count = engine.SearchTweets(list[i].Query, list[i].Request).Items.Count;
                    }
                    catch (ChirpException ex)
                    {
                        if (Interlocked.Increment(ref failures) == 1)
                        {
                            firstFailure = $"{list[i].Query}: {ex.Message}";
                        }

                        continue;
                    }

                    long after = Stopwatch.GetTimestamp();
                    if (before >= measureFrom && after < measureTo)
                    {
                        mine.Add(after - before);
                        hits[thread] += count;
                    }
                }
            })
            { IsBackground = true, Name = $"search-query-{t}" };
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return new SearchRunResult(new LatencySummary(samples.SelectMany(s => s)), measure.TotalSeconds, lists.Length, hits.Sum(), failures, firstFailure);
    }
}
