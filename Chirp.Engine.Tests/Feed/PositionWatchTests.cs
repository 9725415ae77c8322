using Chirp.Engine.Feed;

namespace Chirp.Engine.Tests.Feed;

/// <summary>The awaitable position the change-feed consumers and the waits for them are built on.</summary>
public sealed class PositionWatchTests
{
    /// <summary>Only a guard against a hung test; no assertion depends on it.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_wait_for_a_position_already_reached_completes_at_once()
    {
        var watch = new PositionWatch(5);

        Assert.True(watch.WaitAsync(5).IsCompletedSuccessfully);
        Assert.True(watch.WaitAsync(0).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_wait_completes_when_the_position_reaches_its_target_and_not_before()
    {
        var watch = new PositionWatch();
        var wait = watch.WaitAsync(3).AsTask();

        watch.Advance(2);
        Assert.False(wait.IsCompleted);

        watch.Advance(3);
        await wait.WaitAsync(Hang);
        Assert.Equal(3, watch.Position);
    }

    [Fact]
    public void The_position_never_moves_back()
    {
        var watch = new PositionWatch(10);

        watch.Advance(4);

        Assert.Equal(10, watch.Position);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_the_other_waits_still_complete()
    {
        var watch = new PositionWatch();
        using var cancel = new CancellationTokenSource();
        var cancelled = watch.WaitAsync(1, cancel.Token).AsTask();
        var other = watch.WaitAsync(1).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(other.IsCompleted);

        watch.Advance(1);
        await other.WaitAsync(Hang);
    }

    [Fact]
    public async Task A_wait_with_a_token_cancelled_beforehand_throws_without_waiting()
    {
        var watch = new PositionWatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(1, new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public async Task Closing_fails_the_waits_short_of_their_target_with_object_disposed()
    {
        var watch = new PositionWatch();
        var waiting = watch.WaitAsync(1).AsTask();

        watch.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Hang));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watch.WaitAsync(1).AsTask());
    }

    [Fact]
    public async Task Many_waiters_racing_one_advancer_all_see_every_position_they_wait_for()
    {
        const int Steps = 20_000;
        var watch = new PositionWatch();
        var waiters = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            // Each waiter waits for its own sequence of targets, so waits start before, during and after advances.
            for (long target = 1 + w; target <= Steps; target += 1 + w)
            {
                await watch.WaitAsync(target);
                Assert.True(watch.Position >= target);
            }
        })).ToArray();
        var advancer = Task.Run(async () =>
        {
            for (long position = 1; position <= Steps; position++)
            {
                watch.Advance(position);
                if (position % 64 == 0)
                {
                    await Task.Yield();
                }
            }
        });

        await Task.WhenAll([.. waiters, advancer]).WaitAsync(Hang);
    }
}
