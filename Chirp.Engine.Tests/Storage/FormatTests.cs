using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

public sealed class FormatTests
{
    [Fact]
    public void Opening_a_directory_of_another_format_version_fails_clearly()
    {
        using var temp = new TempEngine(shards: 2);
        temp.Engine.Dispose();
        string formatFile = Path.Combine(temp.Directory, "chirp.format.json");
        File.WriteAllText(formatFile, File.ReadAllText(formatFile).Replace("\"Format\":1", "\"Format\":99", StringComparison.Ordinal));

        var error = Assert.Throws<ChirpException>(() => ChirpEngine.Open(temp.Options));

        Assert.Equal(ChirpErrorCode.UnsupportedFormat, error.ErrorCode);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        File.WriteAllText(formatFile, File.ReadAllText(formatFile).Replace("\"Format\":99", "\"Format\":1", StringComparison.Ordinal));
        temp.Reopen();
    }

    [Fact]
    public void Opening_with_another_shard_count_fails_clearly()
    {
        using var temp = new TempEngine(shards: 2);
        temp.Engine.Dispose();

        var error = Assert.Throws<ChirpException>(() => ChirpEngine.Open(temp.Options with { ShardCount = 3 }));

        Assert.Equal(ChirpErrorCode.OptionsMismatch, error.ErrorCode);
        temp.Reopen();
    }

    [Fact]
    public void Options_refuse_invalid_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChirpEngineOptions.ForPath("x") with { ShardCount = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ChirpEngineOptions.ForPath("x") with { ShardCount = 1025 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ChirpEngineOptions.ForPath("x") with { TimelineCapacity = 1 });
        Assert.Throws<ArgumentException>(() => ChirpEngineOptions.ForPath(" "));
    }

    [Fact]
    public async Task Change_feed_positions_are_contiguous_and_survive_reopen()
    {
        using var temp = new TempEngine(shards: 2);
        var ann = await temp.UserAsync("ann");
        await temp.Engine.CreateTweetAsync(ann.Id, "one");
        await temp.Engine.CreateTweetAsync(ann.Id, "two");
        int shard = SnowflakeId.ShardOf(ann.Id);

        var before = temp.Engine.ReadChanges(shard, 0);
        var engine = temp.Reopen();
        var tweet = await engine.CreateTweetAsync(ann.Id, "three");
        var after = engine.ReadChanges(shard, 0);

        Assert.Equal(Enumerable.Range(1, after.Count).Select(i => (long)i), after.Select(c => c.Position));
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal(ChangeKind.TweetCreated, after[^1].Kind);
        Assert.Equal(tweet.Id, after[^1].SubjectId);
        Assert.Equal(after[^1].Position, engine.GetAppliedPosition(shard));
    }
}
