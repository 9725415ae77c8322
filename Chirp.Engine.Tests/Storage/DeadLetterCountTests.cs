using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using Chirp.Engine.Tests.Support;
using RocksDbSharp;

namespace Chirp.Engine.Tests.Storage;

/// <summary>The dead-letter count the metrics export is cheap (kept in memory) and agrees with the stored letters.</summary>
public sealed class DeadLetterCountTests
{
    [Fact]
    public void Dead_letters_left_from_an_earlier_run_are_counted_at_open()
    {
        using var temp = new TempEngine(shards: 2);
        Assert.Equal(0, temp.Engine.GetDeadLetterCount());
        temp.Engine.Dispose();

        // A refused message, as the outbox deliverer stores it: the engine offers no way to make a target refuse.
        using (var store = ShardStore.Open(Path.Combine(temp.Options.Path, "shard-0001"), 1, Cache.CreateLru(1 << 20)))
        {
            var letter = new DeadLetter
            {
                Message = new OutboxMessage { TargetShard = 0, Command = new Like { UserId = 1, TweetId = 2, EdgeId = 3 } },
                Code = "not_found",
                Reason = "refused in a test",
                AtMs = 1,
            };
            store.Db.Put(Keys.Id(7), Serialization.Serialize(letter), store.DeadLetters);
        }

        var engine = temp.Reopen();
        Assert.Equal(1, engine.GetDeadLetterCount());
        Assert.Equal(engine.GetDeadLetters().Count, engine.GetDeadLetterCount());
    }
}
