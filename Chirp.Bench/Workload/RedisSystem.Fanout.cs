using System.Diagnostics;
using System.Threading.Channels;
using Chirp.Bench.Workload.Redis;
using StackExchange.Redis;

namespace Chirp.Bench.Workload;

/// <summary>The fanout side of <see cref="RedisSystem"/>: the job queue, its workers, the lag and quiescence.</summary>
public sealed partial class RedisSystem
{
    private readonly Channel<FanoutJob> _queue = Channel.CreateUnbounded<FanoutJob>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly LinkedList<FanoutJob> _pending = new();
    private readonly Lock _pendingLock = new();
    private Task[] _workers = [];
    private TaskCompletionSource? _idle;
    private volatile TaskCompletionSource? _held;
    private long _fanoutInserts;
    private long _fanoutFailures;
    private Exception? _firstFanoutFailure;

    public long FanoutInserts => Interlocked.Read(ref _fanoutInserts);

    /// <summary>Fanout jobs that failed (their timelines miss the entry); <see cref="WaitForQuiescenceAsync"/> throws if any did.</summary>
    public long FanoutFailures => Interlocked.Read(ref _fanoutFailures);

    /// <summary>The age of the oldest fanout job still queued or in progress; zero when none is.</summary>
    public TimeSpan CurrentFanoutLag
    {
        get
        {
            long oldest;
            lock (_pendingLock)
            {
                if (_pending.First is not { } first)
                {
                    return TimeSpan.Zero;
                }

                oldest = first.Value.EnqueuedAt;
            }

            return Stopwatch.GetElapsedTime(oldest);
        }
    }

    /// <summary>Waits until every queued fanout job is done; throws if any fanout job or fanout command failed.</summary>
    public async Task WaitForQuiescenceAsync(CancellationToken cancellationToken)
    {
        Task? idle = null;
        lock (_pendingLock)
        {
            if (_pending.Count > 0)
            {
                _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                idle = _idle.Task;
            }
        }

        if (idle is not null)
        {
            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _firstFanoutFailure) is { } failure)
        {
            throw new InvalidOperationException($"{FanoutFailures} fanout failures (jobs or commands); the first is the inner exception.", failure);
        }
    }

    /// <summary>At once: Redis indexes nothing.</summary>
    public Task WaitForIndexingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits until every queued fanout job is done.</summary>
    public Task WaitForFanoutAsync(CancellationToken cancellationToken) => WaitForQuiescenceAsync(cancellationToken);

    /// <summary>Holds the fanout workers before their next job (jobs queue up) or lets them go.</summary>
    public void HoldFanout(bool hold)
    {
        if (hold)
        {
            _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else
        {
            Interlocked.Exchange(ref _held, null)?.TrySetResult();
        }
    }

    private void StartFanout(IDatabase db)
    {
        var workers = new Task[_options.FanoutWorkers];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunFanoutWorkerAsync(db, _stopping.Token));
        }

        _workers = workers;
    }

    private async Task StopFanoutAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private void EnqueueFanout(int author, RedisValue member, long entry)
    {
        var job = new FanoutJob(author, member, entry);
        lock (_pendingLock)
        {
            job.EnqueuedAt = Stopwatch.GetTimestamp();
            job.Node = _pending.AddLast(job);
        }

        if (!_queue.Writer.TryWrite(job))
        {
            Finish(job);
            throw new ObjectDisposedException(nameof(RedisSystem));
        }
    }

    private void Finish(FanoutJob job)
    {
        lock (_pendingLock)
        {
            _pending.Remove(job.Node!);
            if (_pending.Count == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.TrySetResult();
            }
        }
    }

    private async Task RunFanoutWorkerAsync(IDatabase db, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // ReadAllAsync hands out what is queued without looking at the token again: stop here on dispose.
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (_held is { } held)
                {
                    await held.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    await FanOutAsync(db, job).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _fanoutFailures);
                    Interlocked.CompareExchange(ref _firstFanoutFailure, e, null);
                }
                finally
                {
                    Finish(job);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// SMEMBERS <c>followers:{author}</c>, then per batch of followers one pipelined round: ZADD <c>home:{f}</c> and a
    /// trim to the capacity for each, fire-and-forget except the batch's last command, which is awaited: replies come
    /// in order on the connection, so when it is in, the server has run every command of the batch. An error reply to a
    /// fire-and-forget command is counted by the connection's error handler (see <see cref="OnFanoutError"/>).
    /// </summary>
    private async Task FanOutAsync(IDatabase db, FanoutJob job)
    {
        RedisValue[] followers = await db.SetMembersAsync(RedisKeyspace.Followers(job.Author)).ConfigureAwait(false);
        int batchSize = _options.FanoutBatch;
        for (int start = 0; start < followers.Length; start += batchSize)
        {
            int end = Math.Min(followers.Length, start + batchSize);
            var batch = db.CreateBatch();
            Task last = Task.CompletedTask;
            for (int i = start; i < end; i++)
            {
                var home = _keys.Home((int)followers[i]);
                _ = batch.SortedSetAddAsync(home, job.Member, job.Score, CommandFlags.FireAndForget);
                if (i < end - 1)
                {
                    _ = batch.SortedSetRemoveRangeByRankAsync(home, 0, _trimStop, flags: CommandFlags.FireAndForget);
                }
                else
                {
                    last = batch.SortedSetRemoveRangeByRankAsync(home, 0, _trimStop);
                }
            }

            batch.Execute();
            await last.ConfigureAwait(false);
            Interlocked.Add(ref _fanoutInserts, end - start);
        }
    }

    /// <summary>An error reply on the fanout connection: a fire-and-forget fanout command failed.</summary>
    private void OnFanoutError(object? sender, RedisErrorEventArgs e)
    {
        Interlocked.Increment(ref _fanoutFailures);
        Interlocked.CompareExchange(ref _firstFanoutFailure, new InvalidOperationException($"redis-server refused a fanout command: {e.Message}"), null);
    }
}
