using Chirp.Engine.Commands;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Replication;

/// <summary>Pruning request records gives the same result whether or not the records were written in the prune's own entry.</summary>
public sealed class PruneGroupingTests
{
    private static readonly long At = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_prune_finds_request_records_written_earlier_in_its_own_entry()
    {
        using var oneEntry = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        using var twoEntries = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var commands = Commands();

        var together = await oneEntry.Engine.GetShard(0).SubmitBatchAsync(commands);
        var first = await twoEntries.Engine.GetShard(0).SubmitBatchAsync(commands[..^1]);
        var prune = await twoEntries.Engine.GetShard(0).SubmitAsync(commands[^1]);

        Assert.Equal(1, prune.Id);
        Assert.Equal([.. first, prune], together);
        Assert.Equal(ShardDigest.OfAll(twoEntries.Engine, withLogIndex: false), ShardDigest.OfAll(oneEntry.Engine, withLogIndex: false));
    }

    /// <summary>An account and a request-id'd profile update, then a prune of every request before the update's time plus one.</summary>
    private static ShardCommand[] Commands()
    {
        long userId = SnowflakeId.Compose(SnowflakeId.MillisecondsSinceEpoch(DateTimeOffset.FromUnixTimeMilliseconds(At)), 0, 0);
        return
        [
            new CreateAccount { UserId = userId, Username = "ann", Email = "ann@example.com", DisplayName = "Ann", AtMs = At },
            new UpdateProfile { UserId = userId, Bio = "updated", RequestId = Guid.Parse("6d1f0f9e-7c41-4c1a-9f51-0c2b6f3c1a11"), AtMs = At + 1 },
            new PruneRequests { BeforeMs = At + 2, AtMs = At + 3 },
        ];
    }
}
