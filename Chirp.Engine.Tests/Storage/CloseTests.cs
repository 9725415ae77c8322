using System.Reflection;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

/// <summary>
/// Closing the engine while calls are in flight, and calls after it closed: RocksDB and FASTER free native memory on
/// close, so without the close gate these calls read freed memory and the process dies of a segmentation fault.
/// </summary>
public sealed class CloseTests
{
    /// <summary>Public members that touch no storage (counters, waits on positions) and so need no gate.</summary>
    private static readonly HashSet<string> Ungated =
    [
        nameof(ChirpEngine.Dispose), nameof(ChirpEngine.GetAppliedPosition), nameof(ChirpEngine.GetOldestChangePosition), nameof(ChirpEngine.GetOutboxDepth),
        nameof(ChirpEngine.GetDeliveredMessageCount), nameof(ChirpEngine.GetDeadLetterCount), nameof(ChirpEngine.GetCacheStatistics),
        nameof(ChirpEngine.FlushOutboxAsync),
        nameof(ChirpEngine.WaitForFanoutAsync), nameof(ChirpEngine.WaitForSearchAsync), nameof(ChirpEngine.RebuildSearchIndexAsync),
    ];

    [Fact]
    public async Task Every_storage_call_after_close_throws_object_disposed()
    {
        var engine = new TempEngine(shards: 2);
        var ann = await engine.UserAsync("ann");
        await engine.Engine.CreateTweetAsync(ann.Id, "before the close");
        engine.Dispose();

        var methods = typeof(ChirpEngine)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName && !Ungated.Contains(method.Name))
            .ToList();
        Assert.True(methods.Count >= 40, $"{methods.Count} methods");
        foreach (var method in methods)
        {
            object?[] arguments = [.. method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null)];
            var thrown = await Record.ExceptionAsync(() => InvokeAsync(engine.Engine, method, arguments));
            Assert.True(thrown is ObjectDisposedException, $"{method.Name} after close: {thrown?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public async Task Closing_waits_for_reads_in_flight_and_later_reads_are_refused()
    {
        using var engine = new TempEngine(shards: 2);
        var ann = await engine.UserAsync("ann");
        var bob = await engine.UserAsync("bob");
        await engine.Engine.FollowAsync(bob.Id, ann.Id);
        long tweetId = 0;
        for (int i = 0; i < 200; i++)
        {
            tweetId = (await engine.Engine.CreateTweetAsync(ann.Id, $"post {i} of the closing test")).Id;
        }

        await engine.Engine.WaitForFanoutAsync();
        await engine.Engine.WaitForSearchAsync();

        long completed = 0;
        long refused = 0;
        using var started = new CountdownEvent(4);
        var readers = Enumerable.Range(0, 4).Select(reader => Task.Run(() =>
        {
            started.Signal();
            while (true)
            {
                try
                {
                    _ = reader switch
                    {
                        0 => engine.Engine.GetHomeTimeline(bob.Id, new PageRequest { Limit = 40 }).Items.Count,
                        1 => engine.Engine.GetTweet(tweetId)!.Text.Length,
                        2 => engine.Engine.GetStorageStatistics().Count,
                        _ => engine.Engine.SearchTweets("closing").Items.Count,
                    };
                    Interlocked.Increment(ref completed);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        })).ToArray();

        started.Wait();
        while (Interlocked.Read(ref completed) < 400)
        {
            await Task.Delay(1);
        }

        engine.Engine.Dispose();
        await Task.WhenAll(readers);
        Assert.Equal(4, Interlocked.Read(ref refused));
    }

    private static async Task InvokeAsync(ChirpEngine engine, MethodInfo method, object?[] arguments)
    {
        object? result;
        try
        {
            result = method.Invoke(engine, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        switch (result)
        {
            case Task task:
                await task;
                break;
            case ValueTask valueTask:
                await valueTask;
                break;
            case not null when result.GetType().IsGenericType && result.GetType().GetGenericTypeDefinition() == typeof(ValueTask<>):
                await (Task)result.GetType().GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(result, null)!;
                break;
        }
    }
}
