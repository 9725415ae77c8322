using FsCheck;
using FsCheck.Fluent;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// Explicit generators for home-timeline runs (reflection would give all-zero records): 5 to 8 users, 2 or 3 shards,
/// a celebrity threshold of 1 to 6 (so authors cross it both ways as follows come and go), a capacity of 10 to 15,
/// and 20 to 80 steps, some of them bursts of 5 to 15 tweets so that stored timelines overflow and retweets land more
/// than 40 entries after their original. Shrinking drops steps, simplifies them, then the settings.
/// </summary>
public static class HomeTimelineScenarioArbitrary
{
    /// <summary>The settings a shrink tries for "no celebrities" and "no eviction".</summary>
    public const int Unlimited = 1_000;

    private static Gen<int> TweetIndex => Gen.Choose(0, 999);

    public static Arbitrary<HomeTimelineScenario> Scenario() =>
        Arb.From(
            from shards in Gen.Choose(2, 3)
            from users in Gen.Choose(5, 8)
            from threshold in Gen.Choose(1, 6)
            from capacity in Gen.Choose(10, 15)
            from seed in Gen.Choose(0, 1_000_000)
            from length in Gen.Choose(20, 80)
            from ops in Gen.ArrayOf(Op(users), length)
            select new HomeTimelineScenario(shards, users, threshold, capacity, seed, ops),
            Shrink);

    // u0 is the popular one: half the follows, unfollows and tweets involve it, so its follower count goes up and
    // down across the celebrity threshold while it keeps posting.
    private static Gen<int> Popular(int users) => Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(0, users - 1)));

    private static Gen<HomeTimelineOp> Op(int users) =>
        from user in Gen.Choose(0, users - 1)
        from popular in Popular(users)
        from tweet in TweetIndex
        // Half the retweets are of one of the first few tweets, so that many entries often lie between the two.
        from early in Gen.Frequency((1, Gen.Choose(0, 3)), (1, TweetIndex))
        from op in Gen.Frequency(
            (16, Gen.Constant(new HomeTimelineOp(HomeTimelineOpKind.Follow, user, popular, 0))),
            (10, Gen.Constant(new HomeTimelineOp(HomeTimelineOpKind.Unfollow, user, popular, 0))),
            (22, Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Choose(5, 15))).Select(n => new HomeTimelineOp(HomeTimelineOpKind.Tweet, popular, 0, n))),
            (10, Gen.Constant(new HomeTimelineOp(HomeTimelineOpKind.Reply, user, tweet, 0))),
            (10, Gen.Constant(new HomeTimelineOp(HomeTimelineOpKind.Retweet, user, early, 0))),
            (3, Gen.Constant(new HomeTimelineOp(HomeTimelineOpKind.UndoRetweet, user, tweet, 0))),
            (6, Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1))).Select(byUser => new HomeTimelineOp(HomeTimelineOpKind.Delete, user, tweet, byUser))),
            (8, Gen.Frequency((2, Gen.Choose(1, 5)), (2, Gen.Choose(6, 20)), (1, Gen.Choose(21, 40))).Select(limit => new HomeTimelineOp(HomeTimelineOpKind.Read, user, tweet, limit))),
            (3, Gen.Choose(1, 2).Select(halves => new HomeTimelineOp(HomeTimelineOpKind.Idle, 0, 0, halves))),
            (1, Gen.Constant(new HomeTimelineOp(HomeTimelineOpKind.Reopen, 0, 0, 0))))
        select op;

    /// <summary>Smaller scenarios: fewer steps (halves first, then single steps), simpler steps, simpler settings.</summary>
    public static IEnumerable<HomeTimelineScenario> Shrink(HomeTimelineScenario scenario)
    {
        var ops = scenario.Ops;
        for (int size = ops.Length / 2; size >= 1; size /= 2)
        {
            for (int start = 0; start + size <= ops.Length; start += size)
            {
                yield return scenario with { Ops = [.. ops[..start], .. ops[(start + size)..]] };
            }
        }

        for (int i = 0; i < ops.Length; i++)
        {
            foreach (var simpler in ShrinkOp(ops[i]))
            {
                var copy = (HomeTimelineOp[])ops.Clone();
                copy[i] = simpler;
                yield return scenario with { Ops = copy };
            }
        }

        if (scenario.CelebrityThreshold != Unlimited)
        {
            yield return scenario with { CelebrityThreshold = Unlimited };
        }

        if (scenario.TimelineCapacity != Unlimited)
        {
            yield return scenario with { TimelineCapacity = Unlimited };
        }

        if (scenario.Shards > 1)
        {
            yield return scenario with { Shards = scenario.Shards - 1 };
        }

        if (scenario.Users > 2)
        {
            int users = scenario.Users - 1;
            yield return scenario with
            {
                Users = users,
                Ops = [.. ops.Select(op => op.Kind is HomeTimelineOpKind.Follow or HomeTimelineOpKind.Unfollow
                    ? op with { User = op.User % users, Target = op.Target % users }
                    : op with { User = op.User % users })],
            };
        }
    }

    private static IEnumerable<HomeTimelineOp> ShrinkOp(HomeTimelineOp op)
    {
        switch (op.Kind)
        {
            case HomeTimelineOpKind.Tweet when op.Number > 1:
                yield return op with { Number = 1 };
                if (op.Number > 2)
                {
                    yield return op with { Number = op.Number / 2 };
                }

                yield return op with { Number = op.Number - 1 };
                break;
            case HomeTimelineOpKind.Read when op.Number != 40:
                yield return op with { Number = 40 };
                break;
            case HomeTimelineOpKind.Idle when op.Number > 1:
                yield return op with { Number = 1 };
                break;
            default:
                break;
        }
    }
}
