using System.Collections.Concurrent;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chirp-checkpoint-test-" + Guid.NewGuid().ToString("N"));

    private string Checkpoint => Path.Combine(_root, "checkpoint");

    private string Restored => Path.Combine(_root, "restored");

    [Fact]
    public async Task A_checkpoint_taken_while_writes_go_on_restores_every_write_acknowledged_before_it_began()
    {
        using var temp = new TempEngine(shards: 4);
        var users = new List<Account>();
        for (int i = 0; i < 8; i++)
        {
            users.Add(await temp.UserAsync($"user{i}"));
        }

        for (int i = 1; i < users.Count; i++)
        {
            await temp.Engine.FollowAsync(users[i].Id, users[0].Id);
        }

        var acknowledged = new ConcurrentQueue<Tweet>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                var author = users[(w + n) % users.Count];
                acknowledged.Enqueue(await temp.Engine.CreateTweetAsync(author.Id, $"post {w} {n} checkpointable"));
            }
        })).ToList();
        while (acknowledged.Count < 300)
        {
            await Task.Delay(10);
        }

        var before = acknowledged.ToArray();
        await temp.Engine.CreateCheckpointAsync(Checkpoint);
        while (acknowledged.Count < before.Length + 100)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Equal(4, ChirpEngine.VerifyCheckpoint(Checkpoint));
        ChirpEngine.RestoreCheckpoint(Checkpoint, Restored);
        using var restored = ChirpEngine.Open(ChirpEngineOptions.ForPath(Restored) with { ShardCount = 4 });
        foreach (var tweet in before)
        {
            var found = restored.GetTweet(tweet.Id);
            Assert.NotNull(found);
            Assert.Equal((tweet.AuthorId, tweet.Text, tweet.CreatedAt), (found.AuthorId, found.Text, found.CreatedAt));
        }

        Assert.Equal(users.Count - 1, restored.GetAccount(users[0].Id)!.FollowersCount);
        Assert.Equal(
            temp.Engine.GetFollowers(users[0].Id, new PageRequest()).Items.Select(e => e.UserId).Order(),
            restored.GetFollowers(users[0].Id, new PageRequest()).Items.Select(e => e.UserId).Order());

        // Search is rebuilt from the restored records, and ids minted afterwards stay above every restored one.
        await restored.WaitForSearchAsync();
        Assert.NotEmpty(restored.SearchTweets("checkpointable").Items);
        var next = await restored.CreateTweetAsync(users[1].Id, "after the restore");
        Assert.True(next.Id > before.Where(t => t.AuthorId == users[1].Id).Max(t => t.Id));
    }

    [Fact]
    public async Task Verify_and_restore_refuse_a_checkpoint_with_a_truncated_file_naming_it()
    {
        await MakeCheckpointAsync();
        string file = LargestTableFile();
        Damage(file, bytes => bytes[..^1]);

        AssertRefused(Path.GetFileName(file));
    }

    [Fact]
    public async Task Verify_and_restore_refuse_a_checkpoint_with_a_flipped_bit_naming_the_file()
    {
        await MakeCheckpointAsync();
        string file = LargestTableFile();
        Damage(file, bytes =>
        {
            bytes[bytes.Length / 2] ^= 0x10;
            return bytes;
        });

        AssertRefused(Path.GetFileName(file));
    }

    [Fact]
    public async Task Verify_and_restore_refuse_a_checkpoint_without_its_manifest_as_incomplete()
    {
        await MakeCheckpointAsync();
        File.Delete(Path.Combine(Checkpoint, "checkpoint.json"));

        AssertRefused("checkpoint.json");
    }

    [Fact]
    public async Task Verify_and_restore_refuse_a_checkpoint_missing_a_file()
    {
        await MakeCheckpointAsync();
        string file = LargestTableFile();
        File.Delete(file);

        AssertRefused(Path.GetFileName(file));
    }

    [Fact]
    public async Task A_checkpoint_is_not_restored_into_a_directory_that_holds_anything()
    {
        await MakeCheckpointAsync();
        Directory.CreateDirectory(Restored);
        File.WriteAllText(Path.Combine(Restored, "something"), "x");

        var error = Assert.Throws<ChirpException>(() => ChirpEngine.RestoreCheckpoint(Checkpoint, Restored));

        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
        Assert.False(Directory.Exists(Path.Combine(Restored, "shard-0000")));
    }

    [Fact]
    public async Task Shard_checkpoints_restore_on_their_own_and_a_cross_shard_effect_in_flight_at_the_checkpoint_arrives_after_restore()
    {
        var options = ChirpEngineOptions.ForPath(Path.Combine(_root, "source")) with { ShardCount = 2 };
        long annId, bobId, postId;
        var manifests = new Dictionary<int, long>();
        using (var engine = ChirpEngine.Open(options))
        {
            var ann = await CreateUserAsync(engine, "ann");
            var bob = await CreateUserAsync(engine, "bob");
            for (int i = 0; SnowflakeId.ShardOf(bob.Id) == SnowflakeId.ShardOf(ann.Id); i++)
            {
                bob = await CreateUserAsync(engine, $"bob{i}");
            }

            (annId, bobId) = (ann.Id, bob.Id);
            postId = (await engine.CreateTweetAsync(bobId, "bob's post")).Id;

            // Delivery is held, so the followee's and the liked tweet's sides stay in ann's shard's outbox.
            using (await engine.OutboxDelivery.HoldAsync(CancellationToken.None))
            {
                await engine.FollowAsync(annId, bobId);
                await engine.LikeAsync(annId, postId);
                Assert.Equal(0, engine.GetAccount(bobId)!.FollowersCount);
                Assert.Equal(0, engine.GetTweet(postId)!.LikeCount);
                for (int shard = 0; shard < 2; shard++)
                {
                    var manifest = await engine.CreateShardCheckpointAsync(shard, Path.Combine(Checkpoint, $"shard-{shard}"), CancellationToken.None);
                    Assert.Equal(engine.GetAppliedPosition(shard), manifest.AppliedPosition);
                    manifests[shard] = manifest.AppliedPosition;
                }
            }
        }

        var restoredOptions = options with { Path = Restored };
        ChirpEngine.Open(restoredOptions).Dispose();
        for (int shard = 0; shard < 2; shard++)
        {
            ChirpEngine.RestoreShard(Restored, shard, Path.Combine(Checkpoint, $"shard-{shard}"));
        }

        using var restored = ChirpEngine.Open(restoredOptions);
        int annShard = SnowflakeId.ShardOf(annId);
        int bobShard = SnowflakeId.ShardOf(bobId);
        Assert.Equal(manifests[annShard], restored.GetAppliedPosition(annShard));

        // The follow and the like in flight may already be delivered to bob's shard: one change each, no more.
        Assert.InRange(restored.GetAppliedPosition(bobShard), manifests[bobShard], manifests[bobShard] + 2);
        Assert.True(restored.IsFollowing(annId, [bobId])[0]);
        await WaitUntilAsync(() => restored.GetAccount(bobId)!.FollowersCount == 1 && restored.GetTweet(postId)!.LikeCount == 1);
        Assert.Equal([annId], restored.GetFollowers(bobId, new PageRequest()).Items.Select(e => e.UserId));
    }

    [Fact]
    public async Task A_damaged_shard_checkpoint_is_refused_before_it_replaces_the_shard()
    {
        var options = ChirpEngineOptions.ForPath(Path.Combine(_root, "source")) with { ShardCount = 2 };
        long annId;
        string shardCheckpoint = Path.Combine(Checkpoint, "shard-0");
        using (var engine = ChirpEngine.Open(options))
        {
            annId = (await CreateUserAsync(engine, "ann")).Id;
            await engine.CreateShardCheckpointAsync(SnowflakeId.ShardOf(annId), shardCheckpoint, CancellationToken.None);
        }

        string table = Directory.GetFiles(shardCheckpoint, "*.sst").OrderByDescending(f => new FileInfo(f).Length).First();
        Damage(table, bytes =>
        {
            bytes[100] ^= 1;
            return bytes;
        });

        var error = Assert.Throws<ChirpException>(() => ChirpEngine.RestoreShard(options.Path, SnowflakeId.ShardOf(annId), shardCheckpoint));

        Assert.Equal(ChirpErrorCode.DamagedCheckpoint, error.ErrorCode);
        using var reopened = ChirpEngine.Open(options);
        Assert.NotNull(reopened.GetAccount(annId));
    }

    [Fact]
    public void Crc32C_is_the_Castagnoli_checksum()
    {
        Assert.Equal(0xE3069283u, Crc32C.Of("123456789"u8));
        Assert.Equal(0u, Crc32C.Of([]));
    }

    private async Task MakeCheckpointAsync()
    {
        using var temp = new TempEngine(shards: 2);
        for (int i = 0; i < 4; i++)
        {
            var user = await temp.UserAsync($"user{i}");
            for (int n = 0; n < 50; n++)
            {
                await temp.Engine.CreateTweetAsync(user.Id, $"post {n} of user {i}");
            }
        }

        await temp.Engine.CreateCheckpointAsync(Checkpoint);
        Assert.Equal(2, ChirpEngine.VerifyCheckpoint(Checkpoint));
    }

    /// <summary>
    /// Rewrites a checkpoint file as a new file: its table files are hard links to the live database's, and damaging
    /// one in place would damage both.
    /// </summary>
    private static void Damage(string file, Func<byte[], byte[]> change)
    {
        byte[] damaged = change(File.ReadAllBytes(file));
        File.Delete(file);
        File.WriteAllBytes(file, damaged);
    }

    private string LargestTableFile() =>
        Directory.GetFiles(Checkpoint, "*.sst", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).First();

    private void AssertRefused(string namedFile)
    {
        var verify = Assert.Throws<ChirpException>(() => ChirpEngine.VerifyCheckpoint(Checkpoint));
        Assert.Equal(ChirpErrorCode.DamagedCheckpoint, verify.ErrorCode);
        Assert.Contains(namedFile, verify.Message, StringComparison.Ordinal);

        var restore = Assert.Throws<ChirpException>(() => ChirpEngine.RestoreCheckpoint(Checkpoint, Restored));
        Assert.Equal(ChirpErrorCode.DamagedCheckpoint, restore.ErrorCode);
        Assert.False(Directory.Exists(Restored) && Directory.EnumerateFileSystemEntries(Restored).Any());
    }

    private static async Task<Account> CreateUserAsync(ChirpEngine engine, string name) =>
        await engine.CreateAccountAsync(new NewAccount(name, name + "@example.com", name, ""));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
