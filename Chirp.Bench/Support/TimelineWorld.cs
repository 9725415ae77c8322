using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// The users and follows of a home-timeline run, as plain data: every node of a real follow graph (or of a prefix of
/// its edges) plus K synthetic celebrities, and who follows whom. Built before any engine exists, so the celebrity
/// threshold can be chosen from it and tests can compute expected timelines from it without asking the engine.
/// </summary>
/// <remarks>
/// Users are numbered 0 … <see cref="UserCount"/> − 1: first the graph's nodes in ascending node id, then the
/// celebrities. Celebrity c (0-based) is followed by a uniformly random <c>topShare / 2^c</c> of the graph's users,
/// drawn without replacement with the given seed (30 %, 15 %, 7.5 %, 3.75 %, 1.9 % … with the default 0.30), so a
/// graph user follows any given set of celebrities independently of everything else. Celebrities follow no one.
/// </remarks>
public sealed class TimelineWorld
{
    private readonly int[] _nodeOf;

    private TimelineWorld(int[] nodeOf, int celebrities, int[][] following, int realEdges, int celebrityFollows)
    {
        _nodeOf = nodeOf;
        RealUserCount = nodeOf.Length;
        CelebrityCount = celebrities;
        Following = following;
        RealEdgeCount = realEdges;
        CelebrityFollowCount = celebrityFollows;

        var followerCounts = new int[UserCount];
        foreach (int[] followees in following)
        {
            foreach (int followee in followees)
            {
                followerCounts[followee]++;
            }
        }

        var followers = new int[UserCount][];
        for (int u = 0; u < UserCount; u++)
        {
            followers[u] = new int[followerCounts[u]];
        }

        var filled = new int[UserCount];
        for (int u = 0; u < UserCount; u++)
        {
            foreach (int followee in following[u])
            {
                followers[followee][filled[followee]++] = u;
            }
        }

        Followers = followers;
        int maxReal = 0;
        for (int u = 0; u < RealUserCount; u++)
        {
            maxReal = Math.Max(maxReal, followers[u].Length);
        }

        MaxRealFollowers = maxReal;
        Ids = new long[UserCount];
    }

    /// <summary>Graph users plus celebrities.</summary>
    public int UserCount => RealUserCount + CelebrityCount;

    /// <summary>Users 0 … RealUserCount − 1 are the graph's nodes.</summary>
    public int RealUserCount { get; }

    /// <summary>Users RealUserCount … UserCount − 1 are the synthetic celebrities.</summary>
    public int CelebrityCount { get; }

    /// <summary>Per user, the users it follows, ascending, without repeats.</summary>
    public IReadOnlyList<int[]> Following { get; }

    /// <summary>Per user, the users following it, ascending.</summary>
    public IReadOnlyList<int[]> Followers { get; }

    /// <summary>Distinct follows between graph users (the file's edges, repeats dropped).</summary>
    public int RealEdgeCount { get; }

    /// <summary>Follows of celebrities.</summary>
    public int CelebrityFollowCount { get; }

    /// <summary>The most followers any graph user has (the graph's maximum in-degree).</summary>
    public int MaxRealFollowers { get; }

    /// <summary>The fewest followers of a celebrity (int.MaxValue without celebrities).</summary>
    public int MinCelebrityFollowers =>
        CelebrityCount == 0 ? int.MaxValue : Enumerable.Range(RealUserCount, CelebrityCount).Min(c => Followers[c].Length);

    /// <summary>
    /// A celebrity threshold that fans out every graph user and pulls every celebrity: one more than the graph's
    /// maximum in-degree. <see cref="Build"/> refuses a world where a celebrity would not reach it.
    /// </summary>
    public int CelebrityThreshold => MaxRealFollowers + 1;

    /// <summary>The engine's account id of each user; filled by <see cref="LoadAsync"/>.</summary>
    public long[] Ids { get; }

    public bool IsCelebrity(int user) => user >= RealUserCount;

    /// <summary>Whether the user follows at least one celebrity.</summary>
    public bool FollowsCelebrity(int user)
    {
        int[] followees = Following[user];
        return followees.Length > 0 && followees[^1] >= RealUserCount;
    }

    /// <summary>Follows of graph users (not counting celebrities) the user makes.</summary>
    public int RealFollowingCount(int user)
    {
        int[] followees = Following[user];
        int n = followees.Length;
        while (n > 0 && followees[n - 1] >= RealUserCount)
        {
            n--;
        }

        return n;
    }

    /// <summary>The username of a user: <c>u&lt;node&gt;</c> for a graph node, <c>celeb&lt;c&gt;</c> for a celebrity.</summary>
    public string Username(int user) => IsCelebrity(user)
        ? "celeb" + (user - RealUserCount).ToString(CultureInfo.InvariantCulture)
        : "u" + _nodeOf[user].ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds the world from graph edges (src follows dst) and <paramref name="celebrities"/> celebrities, celebrity c
    /// followed by a random <c><paramref name="topShare"/> / 2^c</c> of the graph's users.
    /// </summary>
    public static TimelineWorld Build(IReadOnlyList<FollowEdge> edges, int celebrities, double topShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(celebrities);
        if (topShare is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(topShare), topShare, "The top celebrity's share of users must be in (0, 1].");
        }

        // Graph nodes, ascending, numbered densely.
        int maxNode = 0;
        foreach (var edge in edges)
        {
            maxNode = Math.Max(maxNode, Math.Max(edge.Follower, edge.Followee));
        }

        var userOfNode = new int[maxNode + 1];
        Array.Fill(userOfNode, -1);
        foreach (var edge in edges)
        {
            userOfNode[edge.Follower] = 0;
            userOfNode[edge.Followee] = 0;
        }

        var nodes = new List<int>();
        for (int node = 0; node <= maxNode; node++)
        {
            if (userOfNode[node] == 0)
            {
                userOfNode[node] = nodes.Count;
                nodes.Add(node);
            }
        }

        int real = nodes.Count;
        var lists = new List<int>[real + celebrities];
        for (int u = 0; u < lists.Length; u++)
        {
            lists[u] = [];
        }

        foreach (var edge in edges)
        {
            lists[userOfNode[edge.Follower]].Add(userOfNode[edge.Followee]);
        }

        var random = new Random(seed);
        int[] pool = [.. Enumerable.Range(0, real)];
        int celebrityFollows = 0;
        for (int c = 0; c < celebrities; c++)
        {
            int count = (int)Math.Round(topShare / Math.Pow(2, c) * real);
            // Partial Fisher-Yates: the first `count` slots become a uniform sample without replacement.
            for (int i = 0; i < count; i++)
            {
                int j = random.Next(i, real);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                lists[pool[i]].Add(real + c);
            }

            celebrityFollows += count;
        }

        int realEdges = 0;
        var following = new int[lists.Length][];
        for (int u = 0; u < lists.Length; u++)
        {
            following[u] = [.. lists[u].Distinct().Order()];
            realEdges += following[u].Count(f => f < real);
        }

        var world = new TimelineWorld([.. nodes], celebrities, following, realEdges, celebrityFollows);
        if (world.MinCelebrityFollowers < world.CelebrityThreshold)
        {
            throw new ArgumentException(
                $"The smallest celebrity has {world.MinCelebrityFollowers} followers, fewer than the threshold {world.CelebrityThreshold} (the graph's maximum in-degree + 1); take more edges, fewer celebrities or a larger share.",
                nameof(edges));
        }

        return world;
    }

    /// <summary>
    /// Creates every user's account and every follow in the engine (graph follows in user order, then celebrity
    /// follows), with bounded concurrency, then waits for the outbox and for fanout. Throws if any call failed.
    /// </summary>
    public async Task LoadAsync(ChirpEngine engine, int accountConcurrency = 64, int followConcurrency = 256, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var clock = Stopwatch.StartNew();
        long failures = await BoundedCalls.RunAsync(UserCount, accountConcurrency, async u =>
        {
            string name = Username(u);
            var account = await engine.CreateAccountAsync(new NewAccount(name, name + "@graph.example.com")).ConfigureAwait(false);
            Ids[u] = account.Id;
        }, log, "accounts").ConfigureAwait(false);
        ThrowIfFailed(failures, "account creations");
        log?.WriteLine($"accounts: {UserCount:N0} in {clock.Elapsed.TotalSeconds:F1} s");

        var pairs = new List<(int Follower, int Followee)>(RealEdgeCount + CelebrityFollowCount);
        for (int u = 0; u < UserCount; u++)
        {
            foreach (int followee in Following[u])
            {
                if (!IsCelebrity(followee))
                {
                    pairs.Add((u, followee));
                }
            }
        }

        for (int c = RealUserCount; c < UserCount; c++)
        {
            foreach (int follower in Followers[c])
            {
                pairs.Add((follower, c));
            }
        }

        clock.Restart();
        failures = await BoundedCalls.RunAsync(pairs.Count, followConcurrency, async i =>
            await engine.FollowAsync(Ids[pairs[i].Follower], Ids[pairs[i].Followee]).ConfigureAwait(false), log, "follows").ConfigureAwait(false);
        ThrowIfFailed(failures, "follows");
        await engine.WaitForFanoutAsync().ConfigureAwait(false);
        log?.WriteLine($"follows: {pairs.Count:N0} ({RealEdgeCount:N0} graph + {CelebrityFollowCount:N0} celebrity) in {clock.Elapsed.TotalSeconds:F1} s, outbox flushed and fanned out");
    }

    /// <summary>
    /// Makes users active: one home-timeline read each (a first read builds the stored timeline, which fanout then
    /// keeps up to date), <paramref name="parallelism"/> readers at a time.
    /// </summary>
    public void Activate(ChirpEngine engine, IReadOnlyList<int> users, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(users);
        Parallel.For(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
            engine.GetHomeTimeline(Ids[users[i]], PageRequest.First()));
    }

    private static void ThrowIfFailed(long failures, string what)
    {
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} {what} failed while loading the timeline world.");
        }
    }
}
