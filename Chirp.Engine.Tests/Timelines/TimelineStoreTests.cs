using Chirp.Engine.Timelines;

namespace Chirp.Engine.Tests.Timelines;

public sealed class TimelineStoreTests
{
    private static TimelineEntry E(long tweetId, long authorId = 7) => new(tweetId, authorId);

    [Fact]
    public void Entries_come_back_newest_first()
    {
        using var store = TestStores.Small(10);
        store.Insert(1, E(10));
        store.Insert(1, E(20));
        store.Insert(1, E(30));

        Assert.Equal([E(30), E(20), E(10)], TestStores.All(store, 1));
    }

    [Fact]
    public void An_empty_user_has_no_entries_and_count_zero()
    {
        using var store = TestStores.Small(10);
        store.Insert(2, E(5));
        var buffer = new TimelineEntry[10];

        Assert.Equal(0, store.Count(1));
        Assert.Equal(0, store.ReadPage(1, null, null, null, 10, buffer));
        Assert.Equal(0, store.ReadPage(1, 100, 1, null, 10, buffer));
        Assert.Equal(0, store.ReadPage(1, null, null, 1, 10, buffer));
    }

    [Fact]
    public void At_capacity_a_newer_entry_drops_the_oldest()
    {
        using var store = TestStores.Small(10);
        for (long id = 1; id <= 10; id++)
        {
            store.Insert(1, E(id));
        }

        store.Insert(1, E(11));
        store.Insert(1, E(12));

        Assert.Equal(10, store.Count(1));
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => E(i)), TestStores.All(store, 1));
    }

    [Fact]
    public void At_capacity_an_entry_older_than_the_oldest_is_ignored()
    {
        using var store = TestStores.Small(10);
        for (long id = 11; id <= 20; id++)
        {
            store.Insert(1, E(id));
        }

        store.Insert(1, E(5));

        Assert.Equal(Enumerable.Range(11, 10).Reverse().Select(i => E(i)), TestStores.All(store, 1));
    }

    [Fact]
    public void Inserting_a_tweet_id_already_present_changes_nothing()
    {
        using var store = TestStores.Small(10);
        store.Insert(1, E(10, authorId: 1));
        store.Insert(1, E(20, authorId: 2));
        long bytes = store.LogBytes;

        store.Insert(1, E(10, authorId: 1));
        store.Insert(1, E(10, authorId: 9));
        store.Insert(1, E(20, authorId: 2));

        Assert.Equal([E(20, 2), E(10, 1)], TestStores.All(store, 1));
        Assert.Equal(bytes, store.LogBytes);
    }

    [Fact]
    public void An_out_of_order_insert_lands_in_order()
    {
        using var store = TestStores.Small(10);
        store.InsertMany(1, [E(50), E(10), E(40), E(20), E(30), E(60), E(5)]);

        Assert.Equal([E(60), E(50), E(40), E(30), E(20), E(10), E(5)], TestStores.All(store, 1));
    }

    [Fact]
    public void Out_of_order_inserts_into_a_full_wrapped_timeline_stay_in_order()
    {
        using var store = TestStores.Small(10);
        for (long id = 2; id <= 50; id += 2)
        {
            store.Insert(1, E(id));
        }

        // Full (ids 32..50) and its ring has wrapped; 41 goes between, 31 is older than the oldest.
        store.Insert(1, E(41));
        store.Insert(1, E(31));

        Assert.Equal([E(50), E(48), E(46), E(44), E(42), E(41), E(40), E(38), E(36), E(34)], TestStores.All(store, 1));
    }

    [Fact]
    public void Remove_takes_out_one_tweet_and_ignores_missing_ones()
    {
        using var store = TestStores.Small(10);
        store.InsertMany(1, [E(1), E(2), E(3)]);

        store.Remove(1, 2);
        store.Remove(1, 99);
        store.Remove(5, 1);

        Assert.Equal([E(3), E(1)], TestStores.All(store, 1));
        Assert.Equal(0, store.Count(5));
    }

    [Fact]
    public void Remove_author_takes_out_every_entry_by_that_author_only_for_that_user()
    {
        using var store = TestStores.Small(10);
        store.InsertMany(1, [E(1, 100), E(2, 200), E(3, 100), E(4, 300), E(5, 100)]);
        store.InsertMany(2, [E(1, 100), E(6, 200)]);

        store.RemoveAuthor(1, 100);

        Assert.Equal([E(4, 300), E(2, 200)], TestStores.All(store, 1));
        Assert.Equal([E(6, 200), E(1, 100)], TestStores.All(store, 2));
    }

    [Fact]
    public void Clear_empties_a_timeline_and_it_can_be_filled_again()
    {
        using var store = TestStores.Small(10);
        store.InsertMany(1, [E(1), E(2)]);

        store.Clear(1);
        Assert.Equal(0, store.Count(1));

        store.Insert(1, E(3));
        Assert.Equal([E(3)], TestStores.All(store, 1));
    }

    [Fact]
    public void Raising_the_floor_only_raises_it_then_ignores_entries_at_or_below_it_and_creates_no_timeline()
    {
        using var store = TestStores.Small(10);
        store.InsertMany(1, [E(10), E(20)]);

        store.RaiseFloor(1, 15);
        store.RaiseFloor(1, 5);
        store.Insert(1, E(12));
        store.Insert(1, E(30));
        store.RaiseFloor(2, 15);

        Assert.Equal(15, store.ReadState(1).Floor);
        Assert.Equal([E(30), E(20), E(10)], TestStores.All(store, 1));
        Assert.False(store.ReadState(2).Found);
    }

    [Fact]
    public void Max_id_pages_go_older_with_an_exclusive_bound()
    {
        using var store = TestStores.Small(20);
        store.InsertMany(1, [.. Enumerable.Range(1, 10).Select(i => E(i * 10))]);
        var page = new TimelineEntry[3];

        int n = store.ReadPage(1, maxId: 70, null, null, 3, page);

        Assert.Equal([E(60), E(50), E(40)], page[..n]);
    }

    [Fact]
    public void Since_id_returns_the_newest_entries_above_it()
    {
        using var store = TestStores.Small(20);
        store.InsertMany(1, [.. Enumerable.Range(1, 10).Select(i => E(i * 10))]);
        var page = new TimelineEntry[3];

        int n = store.ReadPage(1, null, sinceId: 30, null, 3, page);

        Assert.Equal([E(100), E(90), E(80)], page[..n]);
    }

    [Fact]
    public void Min_id_returns_the_entries_just_above_it_newest_first()
    {
        using var store = TestStores.Small(20);
        store.InsertMany(1, [.. Enumerable.Range(1, 10).Select(i => E(i * 10))]);
        var page = new TimelineEntry[3];

        int n = store.ReadPage(1, null, null, minId: 30, 3, page);

        Assert.Equal([E(60), E(50), E(40)], page[..n]);
    }

    [Fact]
    public void Max_id_and_since_id_together_bound_both_sides()
    {
        using var store = TestStores.Small(20);
        store.InsertMany(1, [.. Enumerable.Range(1, 10).Select(i => E(i * 10))]);
        var page = new TimelineEntry[10];

        int n = store.ReadPage(1, maxId: 60, sinceId: 20, null, 10, page);

        Assert.Equal([E(50), E(40), E(30)], page[..n]);
    }

    [Fact]
    public void A_limit_beyond_the_destination_is_refused()
    {
        using var store = TestStores.Small(10);
        var page = new TimelineEntry[2];

        Assert.Throws<ArgumentOutOfRangeException>(() => store.ReadPage(1, null, null, null, 3, page));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ReadPage(1, null, null, null, -1, page));
    }

    [Fact]
    public void Small_timelines_stay_small_and_grow_by_doubling()
    {
        using var store = TestStores.Small(800);
        long before = store.LogBytes;
        store.Insert(1, E(1));
        long one = store.LogBytes - before;

        // 8 header + 8 key + 4 length + 28 timeline header + 4 slots of 16 bytes.
        Assert.Equal(112, one);

        for (long id = 2; id <= 800; id++)
        {
            store.Insert(1, E(id));
        }

        Assert.Equal(800, store.Count(1));
        Assert.Equal(E(800), TestStores.All(store, 1)[0]);
    }

    [Fact]
    public void A_capacity_whose_full_timeline_exceeds_a_page_is_refused()
    {
        var settings = new TimelineStoreSettings { PageSizeBits = 12, MemorySizeBits = 15 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new TimelineStore(254, settings));
        using var fits = new TimelineStore(253, settings);
        fits.InsertMany(1, [.. Enumerable.Range(1, 300).Select(i => E(i))]);
        Assert.Equal(253, fits.Count(1));
    }

    [Fact]
    public void Compaction_reclaims_superseded_versions_and_keeps_every_timeline()
    {
        using var store = TestStores.Spilling(100);
        var model = new TimelineModel(100);
        for (long id = 1; id <= 2_000; id++)
        {
            // Growth, clears and read-only records leave superseded versions behind.
            long user = id % 20;
            if (id % 500 == 0)
            {
                store.Clear(user);
                model.Clear(user);
            }

            store.Insert(user, E(id, user));
            model.Insert(user, E(id, user));
        }

        long before = store.LogBytes;
        long reclaimed = store.Compact();

        Assert.True(reclaimed > 0, $"reclaimed {reclaimed} of {before} bytes");
        Assert.Equal(before - reclaimed, store.LogBytes);
        foreach (long user in model.Users)
        {
            Assert.Equal(model.Of(user), TestStores.All(store, user));
        }

        store.Insert(3, E(5_000, 3));
        model.Insert(3, E(5_000, 3));
        Assert.Equal(model.Of(3), TestStores.All(store, 3));
    }

    [Fact]
    public void A_disposed_store_refuses_calls()
    {
        var store = TestStores.Small(10);
        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Insert(1, E(1)));
    }

    [Fact]
    public void Try_insert_adds_only_to_a_timeline_that_exists()
    {
        using var store = TestStores.Small(10);

        Assert.False(store.TryInsert(1, E(10)));
        Assert.False(store.ReadState(1).Found);

        store.Insert(1, E(5));
        Assert.True(store.TryInsert(1, E(10)));
        store.TryInsertEach([1, 2, 3], E(20));

        Assert.Equal([E(20), E(10), E(5)], TestStores.All(store, 1));
        Assert.False(store.ReadState(2).Found);
    }

    [Fact]
    public void Dropping_the_oldest_at_capacity_raises_the_floor_and_nothing_at_or_below_it_is_taken()
    {
        using var store = TestStores.Small(10);
        for (long id = 11; id <= 20; id++)
        {
            store.Insert(1, E(id));
        }

        Assert.Equal(0, store.ReadState(1).Floor);
        store.Insert(1, E(21));
        Assert.Equal(11, store.ReadState(1).Floor);

        // Older than the oldest of a full timeline: it would be dropped at once, so the floor rises to it.
        store.Remove(1, 21);
        store.Insert(1, E(21));
        store.Insert(1, E(5));
        Assert.Equal(11, store.ReadState(1).Floor);
        store.Insert(1, E(11));
        Assert.DoesNotContain(E(11), TestStores.All(store, 1));
        store.Remove(1, 12);
        store.Insert(1, E(3));
        Assert.DoesNotContain(E(3), TestStores.All(store, 1));
        Assert.Equal(9, store.Count(1));
    }

    [Fact]
    public void A_rebuild_is_sealed_only_if_no_follow_change_came_in_between()
    {
        using var store = TestStores.Small(10);

        var begun = store.Begin(1);
        Assert.True(begun.Found);
        Assert.Equal(TimelineFlags.Building, begun.Flags);
        Assert.True(store.TryInsert(1, E(50)));
        store.InsertMany(1, [E(10), E(20)], create: false);
        store.BumpGeneration(1);

        Assert.False(store.Seal(1, begun.Generation, 5));
        Assert.Equal(TimelineFlags.Building, store.ReadState(1).Flags);

        var again = store.Begin(1);
        Assert.Equal(begun.Generation + 1, again.Generation);
        Assert.True(store.Seal(1, again.Generation, 5));
        var sealedState = store.ReadState(1);
        Assert.Equal(TimelineFlags.None, sealedState.Flags);
        Assert.Equal(5, sealedState.Floor);
        Assert.Equal([E(50), E(20), E(10)], TestStores.All(store, 1));

        // Begin on a timeline that exists changes nothing; seal of one that is not building does nothing.
        Assert.Equal(TimelineFlags.None, store.Begin(1).Flags);
        Assert.False(store.Seal(1, again.Generation, 40));
        Assert.False(store.Seal(2, 0, 0));
    }
}
