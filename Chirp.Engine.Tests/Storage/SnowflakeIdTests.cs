using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

public sealed class SnowflakeIdTests
{
    [Fact]
    public void Ids_carry_time_shard_and_sequence()
    {
        var at = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        long id = SnowflakeId.Compose(SnowflakeId.MillisecondsSinceEpoch(at), 513, 7);

        Assert.Equal(513, SnowflakeId.ShardOf(id));
        Assert.Equal(7, SnowflakeId.SequenceOf(id));
        Assert.Equal(at, SnowflakeId.TimeOf(id));
    }

    [Fact]
    public void Ids_grow_even_when_the_clock_steps_back()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var generator = new SnowflakeIdGenerator(3, clock, 0);
        var ids = new List<long>();
        for (int i = 0; i < 10_000; i++)
        {
            ids.Add(generator.Next());
            if (i % 1000 == 0)
            {
                clock.Now = clock.Now.AddSeconds(-5);
            }
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(3, SnowflakeId.ShardOf(id)));
    }

    [Fact]
    public void A_new_generator_starts_above_the_stored_floor()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        long floor = new SnowflakeIdGenerator(1, new ManualClock(clock.Now.AddHours(1)), 0).Next();

        long next = new SnowflakeIdGenerator(1, clock, floor).Next();

        Assert.True(next > floor);
    }
}
