using Chirp.Engine.Commands;

namespace Chirp.Engine.Tests.Replication;

/// <summary>Request ids the engine makes for calls that give none.</summary>
public sealed class RequestIdTests
{
    [Fact]
    public async Task Ids_made_for_calls_without_one_are_never_empty_and_never_repeat_across_threads()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50_000).Select(_ => RequestIds.OrNew(Guid.Empty)).ToArray())));

        var all = made.SelectMany(ids => ids).ToList();
        Assert.DoesNotContain(Guid.Empty, all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void A_callers_id_is_kept()
    {
        var mine = Guid.NewGuid();
        Assert.Equal(mine, RequestIds.OrNew(mine));
    }
}
