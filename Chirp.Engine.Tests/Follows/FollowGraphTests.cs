using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Follows;

public sealed class FollowGraphTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task Follow_is_stored_both_ways_with_counts_and_is_idempotent()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");

        await Engine.FollowAsync(ann.Id, bob.Id);
        await Engine.FollowAsync(ann.Id, bob.Id);
        await Engine.FlushOutboxAsync();

        Assert.Equal(1, Engine.GetAccount(ann.Id)!.FollowingCount);
        Assert.Equal(1, Engine.GetAccount(bob.Id)!.FollowersCount);
        Assert.Equal([bob.Id], Engine.GetFollowing(ann.Id, PageRequest.First()).Items.Select(e => e.UserId));
        Assert.Equal([ann.Id], Engine.GetFollowers(bob.Id, PageRequest.First()).Items.Select(e => e.UserId));
        Assert.Equal([true], Engine.IsFollowing(ann.Id, [bob.Id]));
        Assert.Equal([false], Engine.IsFollowing(bob.Id, [ann.Id]));
    }

    [Fact]
    public async Task Unfollow_removes_both_sides_and_is_idempotent()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        await Engine.FollowAsync(ann.Id, bob.Id);

        await Engine.UnfollowAsync(ann.Id, bob.Id);
        await Engine.UnfollowAsync(ann.Id, bob.Id);
        await Engine.FlushOutboxAsync();

        Assert.Equal(0, Engine.GetAccount(ann.Id)!.FollowingCount);
        Assert.Equal(0, Engine.GetAccount(bob.Id)!.FollowersCount);
        Assert.Empty(Engine.GetFollowers(bob.Id, PageRequest.First()).Items);
    }

    [Fact]
    public async Task Self_follow_is_refused_and_unknown_accounts_are_not_found()
    {
        var ann = await _temp.UserAsync("ann");

        Assert.Equal(ChirpErrorCode.Validation, (await Assert.ThrowsAsync<ChirpException>(() => Engine.FollowAsync(ann.Id, ann.Id).AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.FollowAsync(ann.Id, 31337).AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.FollowAsync(31337, ann.Id).AsTask())).ErrorCode);
        Assert.Equal(0, Engine.GetAccount(ann.Id)!.FollowingCount);
    }

    [Fact]
    public async Task Follower_pages_are_newest_first_with_stable_cursors()
    {
        var star = await _temp.UserAsync("star");
        var fans = new List<long>();
        for (int i = 0; i < 25; i++)
        {
            var fan = await _temp.UserAsync("fan" + i);
            await Engine.FollowAsync(fan.Id, star.Id);
            fans.Add(fan.Id);
        }

        await Engine.FlushOutboxAsync();
        var seen = new List<long>();
        var cursors = new List<long>();
        long? cursor = null;
        do
        {
            var page = Engine.GetFollowers(star.Id, new PageRequest { MaxId = cursor, Limit = 10 });
            seen.AddRange(page.Items.Select(e => e.UserId));
            cursors.AddRange(page.Items.Select(e => e.Cursor));
            cursor = page.NextMaxId;

            // A follow made between pages does not shift the next page.
            if (seen.Count == 10)
            {
                var late = await _temp.UserAsync("late");
                await Engine.FollowAsync(late.Id, star.Id);
                await Engine.FlushOutboxAsync();
            }
        }
        while (cursor is not null);

        // Newest first by cursor (follow ids are time-ordered), every fan exactly once, the late follower not at all.
        Assert.Equal(cursors.OrderDescending(), cursors);
        Assert.Equal(fans.Order(), seen.Order());
        Assert.Equal(26, Engine.GetAccount(star.Id)!.FollowersCount);
    }

    [Fact]
    public async Task Mutual_follows_and_intersections_are_ascending_by_id()
    {
        var users = new List<Account>();
        for (int i = 0; i < 6; i++)
        {
            users.Add(await _temp.UserAsync("u" + i));
        }

        long a = users[0].Id, b = users[1].Id;
        var others = users.Skip(2).Select(u => u.Id).ToList();
        foreach (long other in others)
        {
            await Engine.FollowAsync(a, other);
        }

        await Engine.FollowAsync(b, others[0]);
        await Engine.FollowAsync(b, others[2]);
        await Engine.FollowAsync(others[1], a);
        await Engine.FollowAsync(others[3], a);
        await Engine.FollowAsync(others[3], b);
        await Engine.FlushOutboxAsync();

        Assert.Equal(new[] { others[1], others[3] }.Order(), Engine.GetMutualFollows(a).Items);
        Assert.Equal(new[] { others[0], others[2] }.Order(), Engine.GetCommonFollowing(a, b).Items);
        Assert.Equal([others[3]], Engine.GetCommonFollowers(a, b).Items);
        var firstOfTwo = Engine.GetCommonFollowing(a, b, limit: 1);
        var secondOfTwo = Engine.GetCommonFollowing(a, b, firstOfTwo.NextMaxId, 1);
        Assert.Equal(new[] { others[0], others[2] }.Order(), firstOfTwo.Items.Concat(secondOfTwo.Items));
    }

    public void Dispose() => _temp.Dispose();
}
