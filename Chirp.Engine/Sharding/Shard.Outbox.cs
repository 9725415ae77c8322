using System.Threading.Channels;
using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Delivers this shard's outbox to other shards: in order, at least once (the target deduplicates by request id),
/// retried with exponential backoff on transient failures, dead-lettered with the reason when the target refuses.
/// </summary>
internal sealed partial class Shard
{
    private const int OutboxBatch = 256;

    private readonly Channel<bool> _outboxSignal;
    private readonly CancellationTokenSource _outboxStop = new();
    private readonly Task _outboxLoop;
    private long _delivered;
    private long _outboxDepth;
    private long _deadLetters;

    /// <summary>No undelivered message has a lower sequence than this (only the deliverer moves it).</summary>
    private long _outboxReadFrom;

    /// <summary>Messages delivered since the shard opened.</summary>
    public long DeliveredMessages => Interlocked.Read(ref _delivered);

    /// <summary>The outbox sequence of the last committed message (0 when none was ever written).</summary>
    public long CommittedOutboxSequence => _stateMachine.CommittedOutboxSequence;

    /// <summary>Messages written and not yet delivered or dead-lettered: counted once at open, then kept in memory.</summary>
    public long OutboxDepth => Interlocked.Read(ref _outboxDepth);

    /// <summary>Messages dead-lettered (kept for an operator, never retried): counted once at open, then kept in memory.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetters);

    private long CountFamily(ColumnFamilyHandle family)
    {
        using var iterator = Store.Db.NewIterator(family, _readOptions);
        long count = 0;
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            count++;
        }

        return count;
    }

    public IReadOnlyList<DeadLetter> ReadDeadLetters(int max)
    {
        var letters = new List<DeadLetter>();
        using var iterator = Store.Db.NewIterator(Store.DeadLetters, _readOptions);
        for (iterator.SeekToFirst(); iterator.Valid() && letters.Count < max; iterator.Next())
        {
            letters.Add(Serialization.Deserialize<DeadLetter>(iterator.Value()));
        }

        return letters;
    }

    private async Task DeliverOutboxLoopAsync()
    {
        var stop = _outboxStop.Token;
        var delay = _options.OutboxRetryDelay;
        try
        {
            while (await _outboxSignal.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                _outboxSignal.Reader.TryRead(out _);
                while (true)
                {
                    DeliveryOutcome outcome;
                    if (!TryGetLead(out _))
                    {
                        // A replica delivers nothing: the shard's leader does, and acknowledges through the log. Keep
                        // looking (backing off) so that delivery starts soon after this node takes the lead.
                        outcome = DeliveryOutcome.TransientFailure;
                    }
                    else
                    {
                        using (await _router.OutboxDelivery.EnterAsync().ConfigureAwait(false))
                        {
                            outcome = await DeliverBatchAsync().ConfigureAwait(false);
                        }
                    }

                    if (outcome == DeliveryOutcome.Empty)
                    {
                        delay = _options.OutboxRetryDelay;
                        break;
                    }

                    if (outcome == DeliveryOutcome.TransientFailure)
                    {
                        await Task.Delay(delay, stop).ConfigureAwait(false);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.OutboxMaxRetryDelay.Ticks));
                    }
                    else
                    {
                        delay = _options.OutboxRetryDelay;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<DeliveryOutcome> DeliverBatchAsync()
    {
        var keys = new List<byte[]>(OutboxBatch);
        var messages = new List<OutboxMessage>(OutboxBatch);
        using (var iterator = Store.Db.NewIterator(Store.Outbox, _readOptions))
        {
            // Seek past the delivered prefix: a queue in an LSM tree leaves tombstones at its head, and starting from
            // the first key would step over all of them on every batch.
            for (iterator.Seek(Keys.Id(Interlocked.Read(ref _outboxReadFrom))); iterator.Valid() && keys.Count < OutboxBatch; iterator.Next())
            {
                keys.Add(iterator.Key());
                messages.Add(Serialization.Deserialize<OutboxMessage>(iterator.Value()));
            }
        }

        if (keys.Count == 0)
        {
            return DeliveryOutcome.Empty;
        }

        // One batch per target, in outbox order: the target applies it in one write batch, so a failure leaves none of
        // it applied, and the retry cannot reorder a target's messages.
        var byTarget = new Dictionary<int, List<int>>();
        for (int i = 0; i < messages.Count; i++)
        {
            if (!byTarget.TryGetValue(messages[i].TargetShard, out var indexes))
            {
                byTarget[messages[i].TargetShard] = indexes = [];
            }

            indexes.Add(i);
        }

        var deliveries = new List<(List<int> Indexes, Task<ApplyResult[]> Results)>(byTarget.Count);
        foreach (var (target, indexes) in byTarget)
        {
            deliveries.Add((indexes, _router.DeliverAsync(target, indexes.ConvertAll(i => messages[i].Command))));
        }

        var delivered = new List<long>(keys.Count);
        var refused = new List<OutboxRefusal>();
        var outcome = DeliveryOutcome.Progress;
        foreach (var (indexes, results) in deliveries)
        {
            ApplyResult[] applied;
            try
            {
                applied = await results.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The target is closing or failed to apply: none of this batch applied; retry it later.
                outcome = DeliveryOutcome.TransientFailure;
                continue;
            }

            for (int j = 0; j < indexes.Count; j++)
            {
                long sequence = Keys.ReadId(keys[indexes[j]]);
                if (applied[j].IsOk)
                {
                    delivered.Add(sequence);
                }
                else
                {
                    var error = applied[j].ToException();
                    refused.Add(new OutboxRefusal { Sequence = sequence, Code = error.Code, Reason = error.Message });
                }
            }
        }

        if (delivered.Count + refused.Count > 0)
        {
            try
            {
                // A command of this shard, like any other write: every replica removes the same messages.
                await SubmitAsync(new AcknowledgeOutbox { Delivered = [.. delivered], Refused = [.. refused] }).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Not acknowledged: the messages stay and are delivered again (their targets deduplicate them).
                return DeliveryOutcome.TransientFailure;
            }

            Interlocked.Add(ref _delivered, delivered.Count);
        }

        if (outcome == DeliveryOutcome.Progress)
        {
            Interlocked.Exchange(ref _outboxReadFrom, Keys.ReadId(keys[^1]) + 1);
        }

        return outcome;
    }

    /// <summary>Stops delivery; undelivered messages stay in the outbox for the next open.</summary>
    internal void StopOutbox()
    {
        if (_outboxStop.IsCancellationRequested)
        {
            return;
        }

        _outboxStop.Cancel();
        _outboxSignal.Writer.TryComplete();
        try
        {
            _outboxLoop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

    }

    private enum DeliveryOutcome
    {
        Empty,
        Progress,
        TransientFailure,
    }
}
