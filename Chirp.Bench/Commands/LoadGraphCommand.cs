using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>load-graph</c>: bulk loads a real follow graph into a fresh engine (one account per node, one follow per edge),
/// flushes the outbox, and checks the engine's counts and lists against the degrees computed from the file.
/// </summary>
public static class LoadGraphCommand
{
    private static readonly Option<string> PathOption = new("--path")
    {
        Description = "The graph file ('src dst' per line, src follows dst; gzip'd if it ends in .gz). Relative paths are taken from the repository root.",
        DefaultValueFactory = _ => "../shared/data/" + FollowGraphFile.DefaultFileName,
    };

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private static readonly Option<long?> LimitEdges = new Option<long?>("--limit-edges")
    {
        Description = "Load only the first N edges of the file (and only the nodes they touch). Default: all.",
    }.AtLeast(1);

    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        Description = "FollowAsync calls in flight at once.",
        DefaultValueFactory = _ => 256,
    }.AtLeast(1);

    private static readonly Option<int> AccountConcurrency = new Option<int>("--account-concurrency")
    {
        Description = "CreateAccountAsync calls in flight at once (the engine serializes account creation anyway).",
        DefaultValueFactory = _ => 64,
    }.AtLeast(1);

    private static readonly Option<int> Sample = new Option<int>("--sample")
    {
        Description = "Nodes (random, plus the highest in- and out-degree) whose full follower and following lists are compared with the file.",
        DefaultValueFactory = _ => 500,
    }.AtLeast(0);

    private static readonly Option<string> Order = new Option<string>("--order")
    {
        Description = "Order the follows are issued in: 'file' (file order, which is sorted by follower, so the calls in flight mostly hit one shard and form large write groups) or 'shuffle' (a fixed-seed random permutation that spreads the calls in flight over all shards).",
        DefaultValueFactory = _ => "file",
    }.AcceptOnlyFromAmong("shuffle", "file");

    private static readonly Option<bool> Sync = new("--sync")
    {
        Description = "Open the engine with SyncWrites (fsync the WAL before acknowledging).",
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory for the temporary engine directory (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("load-graph", "Bulk load the real follow graph into a fresh temporary engine and check the counts against the file.")
        {
            PathOption, Shards, LimitEdges, Concurrency, AccountConcurrency, Order, Sample, Sync, Dir,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            RepositoryPaths.ResolveFromRepository(parse.GetValue(PathOption)!), parse.GetValue(Shards), parse.GetValue(LimitEdges),
            parse.GetValue(Concurrency), parse.GetValue(AccountConcurrency), parse.GetValue(Order) == "shuffle", parse.GetValue(Sample), parse.GetValue(Sync), parse.GetValue(Dir), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(string path, int shards, long? limitEdges, int concurrency, int accountConcurrency, bool shuffle, int sampleSize, bool sync, string? dir, CancellationToken cancellation)
    {
        Console.WriteLine($"load-graph: path={path} shards={shards} limit-edges={(limitEdges?.ToString(CultureInfo.InvariantCulture) ?? "all")} concurrency={concurrency} order={(shuffle ? "shuffle" : "file")} sync={sync}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");

        // The file: edges, nodes, degrees.
        var clock = Stopwatch.StartNew();
        var edges = new FollowGraphFile(path).LoadEdges(limitEdges);
        int maxNode = 0;
        foreach (var edge in edges)
        {
            maxNode = Math.Max(maxNode, Math.Max(edge.Follower, edge.Followee));
        }

        var outDegree = new int[maxNode + 1];
        var inDegree = new int[maxNode + 1];
        var present = new bool[maxNode + 1];
        foreach (var edge in edges)
        {
            outDegree[edge.Follower]++;
            inDegree[edge.Followee]++;
            present[edge.Follower] = true;
            present[edge.Followee] = true;
        }

        int[] nodes = [.. Enumerable.Range(0, maxNode + 1).Where(n => present[n])];
        Console.WriteLine($"file: {edges.Length:N0} edges, {nodes.Length:N0} nodes (max id {maxNode:N0}), read in {clock.Elapsed.TotalSeconds:F1} s");

        using var scratch = ScratchEngine.Create(shards, sync, dir);
        var engine = scratch.Engine;
        Console.WriteLine($"engine: {scratch.Directory}");

        // Accounts: one per node, named u<node>.
        var accountOf = new long[maxNode + 1];
        clock.Restart();
        long accountFailures = await BoundedCalls.RunAsync(nodes.Length, accountConcurrency, async i =>
        {
            int node = nodes[i];
            string name = "u" + node.ToString(CultureInfo.InvariantCulture);
            var account = await engine.CreateAccountAsync(new NewAccount(name, name + "@graph.example.com"), cancellationToken: cancellation).ConfigureAwait(false);
            accountOf[node] = account.Id;
        }, Console.Out, "accounts").ConfigureAwait(false);
        var accountsTime = clock.Elapsed;
        Console.WriteLine($"accounts: {nodes.Length:N0} in {accountsTime.TotalSeconds:F1} s ({nodes.Length / accountsTime.TotalSeconds:N0}/s), {accountFailures:N0} failures");

        // Follows: one per edge, many in flight; then wait for the outbox to deliver the followers' sides.
        int[] order = [.. Enumerable.Range(0, edges.Length)];
        if (shuffle)
        {
            new Random(834797).Shuffle(order);
        }

        clock.Restart();
        long followFailures = await BoundedCalls.RunAsync(edges.Length, concurrency, async i =>
        {
            var edge = edges[order[i]];
            await engine.FollowAsync(accountOf[edge.Follower], accountOf[edge.Followee], cancellationToken: cancellation).ConfigureAwait(false);
        }, Console.Out, "follows").ConfigureAwait(false);
        var followsTime = clock.Elapsed;
        long outboxAfterFollows = engine.GetOutboxDepth();
        Console.WriteLine($"follows acknowledged: {edges.Length:N0} in {followsTime.TotalSeconds:F1} s ({edges.Length / followsTime.TotalSeconds:N0}/s), {followFailures:N0} failures; outbox depth then {outboxAfterFollows:N0}");
        clock.Restart();
        await engine.FlushOutboxAsync(cancellation).ConfigureAwait(false);
        var flushTime = clock.Elapsed;
        var edgesTime = followsTime + flushTime;
        Console.WriteLine($"outbox flushed in {flushTime.TotalSeconds:F1} s; {engine.GetDeliveredMessageCount():N0} cross-shard messages delivered");
        Console.WriteLine($"edges total (acknowledged + flushed): {edgesTime.TotalSeconds:F1} s = {edges.Length / edgesTime.TotalSeconds:N0} edges/s");

        // Checks.
        clock.Restart();
        var failures = new List<string>();
        void Fail(string message)
        {
            if (failures.Count < 20)
            {
                Console.WriteLine("  MISMATCH " + message);
            }

            failures.Add(message);
        }

        if (accountFailures + followFailures > 0)
        {
            Fail($"{accountFailures} account creations and {followFailures} follows failed");
        }

        long accounts = 0, sumFollowing = 0, sumFollowers = 0, degreeMismatches = 0;
        foreach (int node in nodes)
        {
            var account = accountOf[node] == 0 ? null : engine.GetAccount(accountOf[node]);
            if (account is null)
            {
                Fail($"node {node}: no account");
                continue;
            }

            accounts++;
            sumFollowing += account.FollowingCount;
            sumFollowers += account.FollowersCount;
            if (account.FollowingCount != outDegree[node] || account.FollowersCount != inDegree[node])
            {
                degreeMismatches++;
                Fail($"node {node}: following {account.FollowingCount} (file {outDegree[node]}), followers {account.FollowersCount} (file {inDegree[node]})");
            }
        }

        Console.WriteLine($"check accounts:        {accounts:N0} (file {nodes.Length:N0})");
        Console.WriteLine($"check sum following:   {sumFollowing:N0} (file {edges.Length:N0})");
        Console.WriteLine($"check sum followers:   {sumFollowers:N0} (file {edges.Length:N0})");
        Console.WriteLine($"check per-node counts: {nodes.Length - degreeMismatches:N0} of {nodes.Length:N0} nodes match their in- and out-degree");
        if (accounts != nodes.Length)
        {
            Fail($"{accounts} accounts, file has {nodes.Length} nodes");
        }

        if (sumFollowing != edges.Length || sumFollowers != edges.Length)
        {
            Fail($"sum of following {sumFollowing}, sum of followers {sumFollowers}, file has {edges.Length} edges");
        }

        var sample = PickSample(nodes, outDegree, inDegree, sampleSize);
        var nodeOf = new Dictionary<long, int>(nodes.Length);
        foreach (int node in nodes)
        {
            nodeOf[accountOf[node]] = node;
        }

        var sampleSet = sample.ToHashSet();
        var fileFollowing = sample.ToDictionary(n => n, _ => new HashSet<int>());
        var fileFollowers = sample.ToDictionary(n => n, _ => new HashSet<int>());
        foreach (var edge in edges)
        {
            if (sampleSet.Contains(edge.Follower))
            {
                fileFollowing[edge.Follower].Add(edge.Followee);
            }

            if (sampleSet.Contains(edge.Followee))
            {
                fileFollowers[edge.Followee].Add(edge.Follower);
            }
        }

        int listMatches = 0;
        foreach (int node in sample)
        {
            var following = ReadAll(p => engine.GetFollowing(accountOf[node], p)).Select(e => nodeOf.GetValueOrDefault(e.UserId, -1)).ToList();
            var followers = ReadAll(p => engine.GetFollowers(accountOf[node], p)).Select(e => nodeOf.GetValueOrDefault(e.UserId, -1)).ToList();
            var byName = engine.GetAccountByUsername("u" + node.ToString(CultureInfo.InvariantCulture));
            bool ok = following.Count == fileFollowing[node].Count && fileFollowing[node].SetEquals(following)
                && followers.Count == fileFollowers[node].Count && fileFollowers[node].SetEquals(followers)
                && byName?.Id == accountOf[node];
            if (ok)
            {
                listMatches++;
            }
            else
            {
                Fail($"node {node}: lists differ: following {following.Count} (file {fileFollowing[node].Count}), followers {followers.Count} (file {fileFollowers[node].Count}), by name {byName?.Id} (expected {accountOf[node]})");
            }
        }

        Console.WriteLine($"check sampled lists:   {listMatches} of {sample.Count} nodes have exactly the file's following and follower lists (and are found by username)");
        var depthClock = Stopwatch.StartNew();
        long outboxDepth = engine.GetOutboxDepth();
        var depthTime = depthClock.Elapsed;
        var deadLetters = engine.GetDeadLetters(10);
        Console.WriteLine($"check outbox:          depth {outboxDepth}, dead letters {deadLetters.Count} (one GetOutboxDepth call took {depthTime.TotalMilliseconds:F1} ms)");
        if (outboxDepth != 0 || deadLetters.Count != 0)
        {
            Fail($"outbox depth {outboxDepth}, {deadLetters.Count} dead letters{(deadLetters.Count > 0 ? ", first: " + deadLetters[0].Reason : "")}");
        }

        Console.WriteLine($"checks took {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine();
        Console.WriteLine($"time for accounts: {accountsTime.TotalSeconds:F1} s ({nodes.Length:N0} accounts, {nodes.Length / accountsTime.TotalSeconds:N0}/s)");
        Console.WriteLine($"time for edges:    {edgesTime.TotalSeconds:F1} s ({followsTime.TotalSeconds:F1} s until all follows acknowledged + {flushTime.TotalSeconds:F1} s outbox flush)");
        Console.WriteLine($"edges/s:           {edges.Length / edgesTime.TotalSeconds:N0} (acknowledged: {edges.Length / followsTime.TotalSeconds:N0}/s)");
        string verdict = failures.Count == 0 ? "PASS" : $"FAIL ({failures.Count} mismatches)";
        Console.WriteLine(verdict);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT load-graph shards={shards} edges={edges.Length} nodes={nodes.Length} accounts_s={accountsTime.TotalSeconds:F1} edges_s={edgesTime.TotalSeconds:F1} edges_per_s={edges.Length / edgesTime.TotalSeconds:F0} verdict={(failures.Count == 0 ? "PASS" : "FAIL")}"));
        return failures.Count == 0 ? 0 : 1;
    }

    private static List<int> PickSample(int[] nodes, int[] outDegree, int[] inDegree, int size)
    {
        if (size == 0 || nodes.Length == 0)
        {
            return [];
        }

        var random = new Random(20251201);
        var sample = new HashSet<int>(random.GetItems(nodes, Math.Min(size, nodes.Length)))
        {
            nodes.MaxBy(n => outDegree[n]),
            nodes.MaxBy(n => inDegree[n]),
        };

        // Random nodes are almost all followees only (2,502 of 465,017 nodes follow anyone); add followers too.
        int[] followers = [.. nodes.Where(n => outDegree[n] > 0)];
        foreach (int node in random.GetItems(followers, Math.Min(Math.Max(1, size / 10), followers.Length)))
        {
            sample.Add(node);
        }

        return [.. sample.Order()];
    }

    private static List<AccountEdge> ReadAll(Func<PageRequest, Page<AccountEdge>> read)
    {
        var all = new List<AccountEdge>();
        var page = read(PageRequest.First(PageRequest.MaxLimit));
        all.AddRange(page.Items);
        while (page.NextMaxId is { } cursor)
        {
            page = read(PageRequest.Before(cursor, PageRequest.MaxLimit));
            all.AddRange(page.Items);
        }

        return all;
    }
}
