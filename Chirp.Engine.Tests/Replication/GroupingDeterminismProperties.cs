using System.Text.Json;
using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Tests.Support;
using FsCheck.Xunit;

namespace Chirp.Engine.Tests.Replication;

/// <summary>
/// Apply is deterministic whatever the grouping: the same prepared commands, cut into different entries, give the same
/// bytes in every column family and the same answers. One engine takes them through its own write path (a leader);
/// the other applies encoded entries at their indexes (a replica), is closed and reopened in the middle, and is given
/// entries it already applied again.
/// </summary>
public sealed class GroupingDeterminismProperties
{
    [Property(MaxTest = 15, EndSize = 90, QuietOnSuccess = true)]
    public void The_same_commands_in_any_entries_give_the_same_shards_and_answers((byte Kind, byte A, byte B)[] operations, int leaderCuts, int replicaCuts, byte replayFrom)
    {
        var plan = CommandPlan.From(operations);
        using var leader = new TempEngine(CommandPlan.Shards, Quiet);
        using var replica = new TempEngine(CommandPlan.Shards, Quiet);

        var leaderResults = new List<ApplyResult>[CommandPlan.Shards];
        var leaderEntries = new int[CommandPlan.Shards];
        for (int shard = 0; shard < CommandPlan.Shards; shard++)
        {
            leaderResults[shard] = [];
            foreach (var group in Cut(plan.ByShard[shard], leaderCuts + shard))
            {
                leaderResults[shard].AddRange(leader.Engine.GetShard(shard).SubmitBatchAsync(group).GetAwaiter().GetResult());
                leaderEntries[shard]++;
            }
        }

        var entries = Enumerable.Range(0, CommandPlan.Shards)
            .Select(shard => Cut(plan.ByShard[shard], replicaCuts + shard).Select(group => CommandLogEntry.Encode([.. group])).ToList())
            .ToArray();
        var replicaResults = new List<ApplyResult>[CommandPlan.Shards];
        for (int shard = 0; shard < CommandPlan.Shards; shard++)
        {
            replicaResults[shard] = [];
            ApplyEntries(replica.Engine, shard, entries[shard], 0, entries[shard].Count / 2, replicaResults[shard]);
        }

        var reopened = replica.Reopen();
        for (int shard = 0; shard < CommandPlan.Shards; shard++)
        {
            int applied = entries[shard].Count / 2;
            Assert.Equal(applied, reopened.GetShard(shard).AppliedLogIndex);
            string beforeReplay = ShardDigest.Of(reopened, shard);
            for (int i = applied == 0 ? 0 : replayFrom % applied; i < applied; i++)
            {
                Assert.Null(reopened.GetShard(shard).ApplyCommittedAsync(i + 1, entries[shard][i]).GetAwaiter().GetResult());
            }

            Assert.Equal(beforeReplay, ShardDigest.Of(reopened, shard));
            ApplyEntries(reopened, shard, entries[shard], applied, entries[shard].Count, replicaResults[shard]);
        }

        for (int shard = 0; shard < CommandPlan.Shards; shard++)
        {
            Assert.Equal(leaderEntries[shard], leader.Engine.GetShard(shard).AppliedLogIndex);
            Assert.Equal(entries[shard].Count, reopened.GetShard(shard).AppliedLogIndex);
            Assert.Equal(leaderResults[shard], replicaResults[shard]);
        }

        Assert.Equal(ShardDigest.OfAll(leader.Engine, withLogIndex: false), ShardDigest.OfAll(reopened, withLogIndex: false));
        AssertSameAnswers(plan, leader.Engine, reopened);
    }

    private static ChirpEngineOptions Quiet(ChirpEngineOptions options) => options with { HoldBackgroundWrites = true, IndexForSearch = false };

    private static void ApplyEntries(ChirpEngine engine, int shard, List<byte[]> entries, int from, int to, List<ApplyResult> results)
    {
        for (int i = from; i < to; i++)
        {
            results.AddRange(engine.GetShard(shard).ApplyCommittedAsync(i + 1, entries[i]).GetAwaiter().GetResult()!);
        }
    }

    /// <summary>Cuts a shard's commands into consecutive groups of 1 to 6, as the seed decides.</summary>
    private static List<List<ShardCommand>> Cut(List<ShardCommand> commands, int seed)
    {
        var random = new Random(seed);
        var groups = new List<List<ShardCommand>>();
        for (int start = 0; start < commands.Count;)
        {
            int size = Math.Min(random.Next(1, 7), commands.Count - start);
            groups.Add(commands.GetRange(start, size));
            start += size;
        }

        return groups;
    }

    private static void AssertSameAnswers(CommandPlan plan, ChirpEngine leader, ChirpEngine replica)
    {
        foreach (long userId in plan.UserIds)
        {
            Assert.Equal(Json(leader.GetAccount(userId)), Json(replica.GetAccount(userId)));
            Assert.Equal(Json(leader.GetUserTweets(userId, PageRequest.First(40))), Json(replica.GetUserTweets(userId, PageRequest.First(40))));
            Assert.Equal(Json(leader.GetFollowing(userId, PageRequest.First(40))), Json(replica.GetFollowing(userId, PageRequest.First(40))));
        }

        foreach (long tweetId in plan.TweetIds)
        {
            Assert.Equal(Json(leader.GetTweet(tweetId)), Json(replica.GetTweet(tweetId)));
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
