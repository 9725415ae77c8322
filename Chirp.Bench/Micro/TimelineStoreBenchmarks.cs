using BenchmarkDotNet.Attributes;
using Chirp.Engine.Timelines;

namespace Chirp.Bench.Micro;

/// <summary>
/// The FASTER timeline store alone (not yet fed by fanout): 100,000 users, capacity 800, each timeline first filled with
/// 64 entries. Insert appends a newer entry at the head of a user's timeline (the fanout case); ReadPage reads the
/// newest 20 entries of a user into a reused buffer.
/// </summary>
[MemoryDiagnoser]
public class TimelineStoreBenchmarks
{
    private const int Users = 100_000;
    private const int Prefill = 64;

    private readonly TimelineEntry[] _page = new TimelineEntry[20];
    private TimelineStore _store = null!;
    private long _nextTweetId;
    private long _nextUser;

    [GlobalSetup]
    public void Setup()
    {
        _store = new TimelineStore(capacity: 800);
        for (long user = 1; user <= Users; user++)
        {
            for (int i = 0; i < Prefill; i++)
            {
                _store.Insert(user, new TimelineEntry(++_nextTweetId, i));
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "Timeline insert (head append)")]
    public void Insert()
    {
        long user = (_nextUser++ % Users) + 1;
        _store.Insert(user, new TimelineEntry(++_nextTweetId, user));
    }

    [Benchmark(Description = "Timeline read (newest 20)")]
    public int ReadNewest20()
    {
        long user = (_nextUser++ % Users) + 1;
        return _store.ReadPage(user, null, null, null, 20, _page);
    }
}
