using Chirp.Bench.Support;
using Chirp.Bench.Workload;

namespace Chirp.Engine.Tests.Workload;

/// <summary>The workload's plan: drawn once, the same for every system, and internally consistent.</summary>
public sealed class WorkloadPlanTests : IDisposable
{
    private readonly WorkloadData _data = new();

    private WorkloadPlan Build(int seed = 11)
    {
        var settings = WorkloadData.Settings(seed);
        var world = TimelineWorld.Build(_data.Graph.LoadEdges(), settings.Celebrities, settings.CelebrityTopShare, settings.Seed);
        return WorkloadPlan.Build(world, _data.Corpus.LoadValidTexts(), settings);
    }

    [Fact]
    public void The_same_seed_draws_the_same_work()
    {
        var a = Build();
        var b = Build();
        Assert.Equal(a.PostAuthors, b.PostAuthors);
        Assert.Equal(a.Readers, b.Readers);
        Assert.Equal(a.SearchWords, b.SearchWords);
        Assert.Equal(a.Mix, b.Mix);
        Assert.Equal(a.MaxPostNumber, b.MaxPostNumber);
        Assert.NotEqual(a.Mix, Build(seed: 12).Mix);
    }

    [Fact]
    public void Mixed_follows_target_users_not_followed_and_unfollows_users_followed_in_the_order_drawn()
    {
        var plan = Build();
        var following = Enumerable.Range(0, plan.World.UserCount).Select(u => new HashSet<int>(plan.World.Following[u])).ToArray();
        int follows = 0;
        int unfollows = 0;
        foreach (var op in plan.Mix)
        {
            if (op.Kind == OperationKind.Follow)
            {
                Assert.NotEqual(op.User, op.Other);
                Assert.True(following[op.User].Add(op.Other), $"user {op.User} already follows {op.Other}");
                follows++;
            }
            else if (op.Kind == OperationKind.Unfollow)
            {
                Assert.True(following[op.User].Remove(op.Other), $"user {op.User} does not follow {op.Other}");
                unfollows++;
            }
        }

        Assert.True(follows > 0 && unfollows > 0, $"{follows} follows and {unfollows} unfollows drawn");
    }

    [Fact]
    public void Mixed_posts_and_retweets_take_fresh_numbers_and_likes_and_retweets_never_repeat()
    {
        var plan = Build();
        var numbers = new HashSet<long>(Enumerable.Range(1, plan.PostAuthors.Length).Select(i => (long)i));
        var likes = new HashSet<(int, long)>();
        var retweets = new HashSet<(int, long)>();
        foreach (var op in plan.Mix)
        {
            switch (op.Kind)
            {
                case OperationKind.Post:
                    Assert.True(numbers.Add(op.Post));
                    break;
                case OperationKind.Retweet:
                    Assert.True(numbers.Add(op.Retweet));
                    Assert.InRange(op.Post, 1, plan.PostAuthors.Length);
                    Assert.NotEqual(op.User, plan.PostAuthors[op.Post - 1]);
                    Assert.True(retweets.Add((op.User, op.Post)));
                    break;
                case OperationKind.Like:
                    Assert.InRange(op.Post, 1, plan.PostAuthors.Length);
                    Assert.True(likes.Add((op.User, op.Post)));
                    break;
                case OperationKind.Search:
                    Assert.False(string.IsNullOrEmpty(op.Word));
                    break;
            }
        }

        Assert.Equal(plan.MaxPostNumber, numbers.Max());
        Assert.Equal(numbers.Count, plan.MaxPostNumber);
    }

    [Fact]
    public void Cross_check_timelines_are_the_posts_of_the_user_and_of_everyone_followed()
    {
        var plan = Build();
        Assert.NotEmpty(plan.CrossCheckTimelines);
        foreach (var (user, posts) in plan.CrossCheckTimelines)
        {
            var authors = new HashSet<int>(plan.World.Following[user]) { user };
            var expected = Enumerable.Range(1, plan.PostAuthors.Length).Where(p => authors.Contains(plan.PostAuthors[p - 1])).Select(p => (long)p);
            Assert.Equal(expected.Order(), posts.Order());
        }
    }

    [Fact]
    public void Cross_check_words_appear_only_as_whole_tokens_and_their_posts_are_exactly_those_holding_them()
    {
        var plan = Build();
        var words = plan.CrossCheckSearches.Select(s => s.Word).ToList();
        Assert.NotEmpty(words);
        // The corpus writes thunder as #thunder, meadow with an apostrophe and café folded to cafe: never compared.
        Assert.DoesNotContain("thunder", words);
        Assert.DoesNotContain("meadow", words);
        Assert.Contains("river", words);
        foreach (var (word, posts) in plan.CrossCheckSearches)
        {
            var expected = Enumerable.Range(1, plan.PostAuthors.Length)
                .Where(p => plan.TextOf(p).Split(' ').Any(t => string.Equals(t, word, StringComparison.OrdinalIgnoreCase)))
                .Select(p => (long)p);
            Assert.Equal(expected.Order(), posts.Order());
        }
    }

    [Fact]
    public void Readers_are_drawn_in_proportion_to_what_they_follow()
    {
        var plan = Build();
        int busiest = Enumerable.Range(0, plan.World.UserCount).MaxBy(u => plan.World.Following[u].Length);
        int idle = Enumerable.Range(0, plan.World.UserCount).First(u => plan.World.Following[u].Length == 0);
        Assert.True(plan.Readers.Count(r => r == busiest) > plan.Readers.Count(r => r == idle));
    }

    public void Dispose() => _data.Dispose();
}
