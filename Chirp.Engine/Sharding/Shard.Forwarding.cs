using System.Diagnostics;
using Chirp.Engine.Replication;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Writes submitted on a node that does not hold the shard's lead: they go, unprepared and with their request ids, to
/// the node that does (<see cref="IShardReplication.ForwardAsync"/>), which prepares and replicates them and answers
/// with their results. While no leader is known (an election), the write is sent again, with the same request ids, for
/// up to <see cref="ForwardPatience"/>; a write that was forwarded here is never sent on.
/// </summary>
internal sealed partial class Shard
{
    /// <summary>How long a write waits for a leader to take it: a few election timeouts.</summary>
    internal static readonly TimeSpan ForwardPatience = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ForwardRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Takes the writes queued ahead of any committed entry and sends each to the leader (or refuses it).</summary>
    private void ForwardQueuedWrites()
    {
        var reader = _queue.Reader;
        while (reader.TryPeek(out var next) && next is not PendingInOrderWork && reader.TryRead(out var pending))
        {
            if (pending.Forwarded || _options.Replication is not { } replication)
            {
                pending.Fail(new ChirpException(ChirpErrorCode.NotLeader, $"This node does not lead shard {Id} (or has not caught up with its log yet); nothing was written."));
            }
            else
            {
                _ = ForwardAsync(replication, pending);
            }
        }
    }

    private async Task ForwardAsync(IShardReplication replication, PendingWrite pending)
    {
        byte[] request = CommandLogEntry.Encode(pending.Unprepared);
        long started = Stopwatch.GetTimestamp();
        while (true)
        {
            ChirpException retryable;
            try
            {
                var answer = ForwardedAnswer.Decode(await replication.ForwardAsync(Id, request, CancellationToken.None).ConfigureAwait(false));
                if (answer.Error is null)
                {
                    await CatchUpWithAsync(answer.LogIndex).ConfigureAwait(false);
                    pending.CompleteForwarded(answer);
                    return;
                }

                retryable = answer.ToException();
                if (!IsRetryable(retryable))
                {
                    pending.Fail(retryable);
                    return;
                }
            }
            catch (ChirpException ex) when (IsRetryable(ex))
            {
                retryable = ex;
            }
            catch (Exception ex)
            {
                pending.Fail(ex);
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > ForwardPatience)
            {
                pending.Fail(retryable);
                return;
            }

            await Task.Delay(ForwardRetryDelay).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Read your writes: the caller's next read on this node sees its write, once this replica applied up to the
    /// leader's index. A replica that lags by more than <see cref="ForwardPatience"/> answers anyway: the write is done.
    /// </summary>
    private async Task CatchUpWithAsync(long logIndex)
    {
        try
        {
            await LogApplied.WaitAsync(logIndex).AsTask().WaitAsync(ForwardPatience).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or ObjectDisposedException)
        {
        }
    }

    // The lead moved or is being elected: the same commands, with the same request ids, are applied at most once.
    private static bool IsRetryable(ChirpException error) => error.ErrorCode is ChirpErrorCode.NotLeader or ChirpErrorCode.WriteOutcomeUnknown;
}
