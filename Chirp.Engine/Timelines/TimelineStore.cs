using System.Collections.Concurrent;
using FASTER.core;

namespace Chirp.Engine.Timelines;

/// <summary>
/// Per-user home timelines in FASTER: for each user id, the newest entries (at most the capacity), newest first.
/// Thread-safe: each call borrows a FASTER session from a pool (a session serves one thread at a time).
/// </summary>
/// <remarks>
/// Timelines are derived state, rebuilt from the logs, so nothing here is made durable: there are no checkpoints.
/// The log still has a real device, a temporary file deleted on close, rather than a NullDevice: with a NullDevice
/// a page evicted past the memory budget would be silently lost, whereas with a file it is only slower to read.
/// The record lock mode is FASTER's LockTable (transient bucket locks), so a reader never sees an in-place update
/// half done.
/// </remarks>
internal sealed class TimelineStore : IDisposable
{
    // FASTER's record header, the long key and SpanByte's length prefix.
    private const int RecordOverheadBytes = 8 + 8 + 4;

    private readonly int _capacity;
    private readonly string _spillDirectory;
    private readonly IDevice _device;
    private readonly FasterKV<long, SpanByte> _store;
    private readonly TimelineFunctions _functions;
    private readonly SessionVariableLengthStructSettings<SpanByte, TimelineInput> _lengths;
    // A queue, not a bag: sessions are taken and returned by whichever pool thread runs the caller, and a bag's
    // cross-thread steals take a lock (fanout workers contended on it).
    private readonly ConcurrentQueue<ClientSession<long, SpanByte, TimelineInput, TimelineOutput, Empty, TimelineFunctions>> _sessions = new();
    private int _disposed;

    public TimelineStore(int capacity, TimelineStoreSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        settings ??= new TimelineStoreSettings();

        // FASTER cannot store a record larger than a page; a full timeline is the largest record.
        long fullRecord = FullRecordBytes(capacity);
        if (fullRecord > 1L << settings.PageSizeBits)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), $"a page of 2^{settings.PageSizeBits} bytes cannot hold a full timeline of {capacity} entries ({fullRecord} bytes)");
        }

        _capacity = capacity;
        _spillDirectory = settings.SpillDirectory ?? Path.Combine(Path.GetTempPath(), "chirp-timelines-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_spillDirectory);
        _device = Devices.CreateLogDevice(Path.Combine(_spillDirectory, "timelines.log"), preallocateFile: false, deleteOnClose: true);
        _store = new FasterKV<long, SpanByte>(
            settings.IndexBuckets,
            new LogSettings
            {
                LogDevice = _device,
                PageSizeBits = settings.PageSizeBits,
                MemorySizeBits = settings.MemorySizeBits,
                SegmentSizeBits = Math.Max(settings.PageSizeBits, 28),
            },
            variableLengthStructSettings: new VariableLengthStructSettings<long, SpanByte> { valueLength = new SpanByteVarLenStruct() },
            concurrencyControlMode: ConcurrencyControlMode.RecordIsolation);
        _functions = new TimelineFunctions(capacity);
        _lengths = new SessionVariableLengthStructSettings<SpanByte, TimelineInput> { valueLength = new TimelineValueLength(capacity) };
    }

    public int Capacity => _capacity;

    /// <summary>The size of the largest record: a full timeline.</summary>
    public static long FullRecordBytes(int capacity) => RecordOverheadBytes + TimelineView.PayloadLength(capacity);

    /// <summary>Bytes of log between its begin and tail: live records plus superseded versions not yet compacted.</summary>
    public long LogBytes => _store.Log.TailAddress - _store.Log.BeginAddress;

    /// <summary>Bytes of log evicted from memory to the spill file (below FASTER's head address).</summary>
    public long SpilledBytes => _store.Log.HeadAddress - _store.Log.BeginAddress;

    /// <summary>Bytes of the hash index (fixed at construction, 64 per bucket; overflow buckets not counted).</summary>
    public long IndexBytes => _store.IndexSize * 64;

    /// <summary>
    /// Adds an entry in tweet-id order, creating the timeline (complete, floor 0) if it does not exist; a tweet id
    /// already present, or at or below the floor, changes nothing.
    /// </summary>
    public void Insert(long userId, TimelineEntry entry) => Update(userId, new TimelineInput { Op = TimelineOp.Insert, Entry = entry, Create = true });

    /// <summary>Adds an entry as <see cref="Insert"/> does, but only to a timeline that exists; returns whether one did.</summary>
    public bool TryInsert(long userId, TimelineEntry entry) => Update(userId, new TimelineInput { Op = TimelineOp.Insert, Entry = entry }).Found;

    /// <summary>
    /// Adds each entry as <see cref="Insert"/> does, or as <see cref="TryInsert"/> does when not
    /// <paramref name="create"/>, on one borrowed session. Returns false if there was no timeline to insert into.
    /// </summary>
    public bool InsertMany(long userId, ReadOnlySpan<TimelineEntry> entries, bool create = true)
    {
        var session = Rent();
        try
        {
            foreach (var entry in entries)
            {
                var input = new TimelineInput { Op = TimelineOp.Insert, Entry = entry, Create = create };
                if (!Rmw(session, userId, ref input).Found)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>
    /// Inserts one entry into each user's timeline that exists (fanout), on one borrowed session that holds FASTER's
    /// epoch for the whole batch rather than entering it per insert.
    /// </summary>
    public void TryInsertEach(ReadOnlySpan<long> userIds, TimelineEntry entry)
    {
        var session = Rent();
        var batch = session.UnsafeContext;
        batch.BeginUnsafe();
        try
        {
            bool pending = false;
            foreach (long userId in userIds)
            {
                long key = userId;
                var input = new TimelineInput { Op = TimelineOp.Insert, Entry = entry };
                TimelineOutput output = default;
                pending |= batch.RMW(ref key, ref input, ref output).IsPending;
            }

            if (pending)
            {
                // Only for timelines spilled past the memory budget.
                batch.CompletePending(wait: true);
            }
        }
        finally
        {
            batch.EndUnsafe();
            Return(session);
        }
    }

    public void Remove(long userId, long tweetId) => Update(userId, new TimelineInput { Op = TimelineOp.Remove, Id = tweetId });

    /// <summary>Removes every entry by the author (unfollow).</summary>
    public void RemoveAuthor(long userId, long authorId) => Update(userId, new TimelineInput { Op = TimelineOp.RemoveAuthor, Id = authorId });

    /// <summary>Starts a rebuild: creates an empty timeline marked as building unless one exists. Returns its state.</summary>
    public TimelineOutput Begin(long userId) => Update(userId, new TimelineInput { Op = TimelineOp.Begin });

    /// <summary>
    /// Ends a rebuild started at <paramref name="generation"/>: the timeline becomes readable with at least the given
    /// floor. Returns false (and leaves it building) if the generation moved on or the timeline is gone.
    /// </summary>
    public bool Seal(long userId, int generation, long floor) =>
        Update(userId, new TimelineInput { Op = TimelineOp.Seal, Id = generation, Floor = floor }).Changed;

    /// <summary>
    /// Raises the floor of the user's timeline, if it exists, to at least <paramref name="floor"/>: the entries at or
    /// below it may be missing from then on, and readers pull them from the logs.
    /// </summary>
    public void RaiseFloor(long userId, long floor) => Update(userId, new TimelineInput { Op = TimelineOp.RaiseFloor, Floor = floor });

    /// <summary>Records a follow-graph change of the user, which a rebuild in flight may have missed.</summary>
    public void BumpGeneration(long userId) => Update(userId, new TimelineInput { Op = TimelineOp.BumpGeneration });

    /// <summary>One read-modify-write on a borrowed session.</summary>
    private TimelineOutput Update(long userId, TimelineInput input)
    {
        var session = Rent();
        try
        {
            return Rmw(session, userId, ref input);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>
    /// Writes one page, newest first, into <paramref name="destination"/> and returns its length. Bounds are exclusive:
    /// <paramref name="maxId"/> above, <paramref name="sinceId"/> and <paramref name="minId"/> below. Without
    /// <paramref name="minId"/> the page is the newest <paramref name="limit"/> entries within the bounds; with it,
    /// the <paramref name="limit"/> entries just above the lower bound (for paging towards newer entries).
    /// </summary>
    public int ReadPage(long userId, long? maxId, long? sinceId, long? minId, int limit, Span<TimelineEntry> destination) =>
        ReadPage(userId, maxId, sinceId, minId, limit, destination, out _);

    /// <summary>Reads a page as the other overload does and reports the timeline's state as of that read.</summary>
    public unsafe int ReadPage(long userId, long? maxId, long? sinceId, long? minId, int limit, Span<TimelineEntry> destination, out TimelineOutput state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, destination.Length);
        if (limit == 0)
        {
            state = ReadState(userId);
            return 0;
        }

        fixed (TimelineEntry* pinned = destination)
        {
            var input = new TimelineInput
            {
                Op = TimelineOp.ReadPage,
                HasUpperBound = maxId.HasValue,
                UpperBound = maxId ?? 0,
                HasLowerBound = sinceId.HasValue || minId.HasValue,
                LowerBound = Math.Max(sinceId ?? long.MinValue, minId ?? long.MinValue),
                FromLowerBound = minId.HasValue,
                Limit = limit,
                Destination = (nint)pinned,
            };

            // The pointer stays valid for the whole call: a pending read is completed inside Read, still pinned.
            return Read(userId, ref input, out state);
        }
    }

    /// <summary>The timeline's state (found, building, floor, generation) and its entry count.</summary>
    public TimelineOutput ReadState(long userId)
    {
        var input = new TimelineInput { Op = TimelineOp.Count };
        Read(userId, ref input, out var state);
        return state;
    }

    public int Count(long userId)
    {
        var input = new TimelineInput { Op = TimelineOp.Count };
        return Read(userId, ref input, out _);
    }

    public void Clear(long userId)
    {
        var session = Rent();
        try
        {
            session.Delete(ref userId);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>
    /// Reclaims log space taken by superseded versions (every copy-update and clear leaves one): live records in the
    /// read-only part of the log are copied to the tail and the log's begin moves past them. Safe while other calls
    /// run. Returns the bytes reclaimed.
    /// </summary>
    /// <param name="wholeLog">
    /// Make the whole log read-only first, so that superseded versions in the mutable region are reclaimed too. Every
    /// timeline updated afterwards is then copied to the tail once, which costs a burst of copies under fanout; the
    /// background compaction does not do it.
    /// </param>
    public long Compact(bool wholeLog = false)
    {
        long before = LogBytes;
        if (wholeLog)
        {
            _store.Log.ShiftReadOnlyAddress(_store.Log.TailAddress, wait: true);
        }

        long until = _store.Log.SafeReadOnlyAddress;
        if (until <= _store.Log.BeginAddress)
        {
            return 0;
        }

        var session = Rent();
        try
        {
            // Lookup checks each record's liveness through the hash chain instead of scanning the rest of the log.
            session.Compact(until, CompactionType.Lookup);
        }
        finally
        {
            Return(session);
        }

        // Frees the spill file's segments below the new begin address.
        _store.Log.Truncate();
        return before - LogBytes;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_sessions.TryDequeue(out var session))
        {
            session.Dispose();
        }

        _store.Dispose();
        _device.Dispose();
        try
        {
            Directory.Delete(_spillDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The spill file is deleted on close; a leftover empty directory is harmless.
        }
    }

    private static TimelineOutput Rmw(ClientSession<long, SpanByte, TimelineInput, TimelineOutput, Empty, TimelineFunctions> session, long key, ref TimelineInput input)
    {
        TimelineOutput output = default;
        var status = session.RMW(ref key, ref input, ref output);
        if (status.IsPending)
        {
            // Only when the record was spilled past the memory budget.
            output = CompleteOne(session);
        }

        return output;
    }

    private int Read(long key, ref TimelineInput input, out TimelineOutput output)
    {
        var session = Rent();
        try
        {
            output = default;
            var status = session.Read(ref key, ref input, ref output);
            if (status.IsPending)
            {
                output = CompleteOne(session);
            }

            return output.Found ? output.Count : 0;
        }
        finally
        {
            Return(session);
        }
    }

    private static TimelineOutput CompleteOne(ClientSession<long, SpanByte, TimelineInput, TimelineOutput, Empty, TimelineFunctions> session)
    {
        TimelineOutput output = default;
        session.CompletePendingWithOutputs(out var completed, wait: true);
        using (completed)
        {
            while (completed.Next())
            {
                output = completed.Current.Output;
            }
        }

        return output;
    }

    private ClientSession<long, SpanByte, TimelineInput, TimelineOutput, Empty, TimelineFunctions> Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _sessions.TryDequeue(out var session)
            ? session
            : _store.For(_functions).NewSession<TimelineFunctions>(sessionVariableLengthStructSettings: _lengths);
    }

    private void Return(ClientSession<long, SpanByte, TimelineInput, TimelineOutput, Empty, TimelineFunctions> session)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            session.Dispose();
            return;
        }

        _sessions.Enqueue(session);
    }
}
