using System.Globalization;
using System.Text.RegularExpressions;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

/// <summary>
/// With SyncWrites (Chirp.Server's default), concurrent writers to a shard share fsyncs: the shard's writer puts the
/// queued commands into one write batch and syncs the write-ahead log once per batch, not once per command.
/// </summary>
public sealed partial class GroupCommitTests
{
    [Fact]
    public async Task With_SyncWrites_concurrent_creates_share_the_fsyncs_of_the_write_ahead_log()
    {
        using var temp = new TempEngine(shards: 1, options => options with { SyncWrites = true });
        var ann = await temp.UserAsync("ann");
        var (_, syncsBefore) = WalCounts(temp.Engine);

        const int Creates = 200;
        await Task.WhenAll(Enumerable.Range(0, Creates).Select(i => temp.Engine.CreateTweetAsync(ann.Id, $"tweet {i}").AsTask()));

        var (_, syncsAfter) = WalCounts(temp.Engine);
        long syncs = syncsAfter - syncsBefore;
        Assert.True(syncs >= 1, "the creates were synced");
        Assert.True(syncs < Creates, $"{Creates} concurrent creates took {syncs} fsyncs: none was shared");
    }

    /// <summary>RocksDB's own count of WAL writes and WAL syncs since the shard was opened.</summary>
    private static (long Writes, long Syncs) WalCounts(ChirpEngine engine)
    {
        string stats = engine.GetShard(0).Store.Db.GetProperty("rocksdb.dbstats");
        var match = CumulativeWal().Match(stats);
        Assert.True(match.Success, stats);
        return (ParseCount(match.Groups["writes"].Value), ParseCount(match.Groups["syncs"].Value));
    }

    // RocksDB prints counts above 1,000 with a K or M suffix; these stay below it.
    private static long ParseCount(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Cumulative WAL: (?<writes>\d+) writes, (?<syncs>\d+) syncs")]
    private static partial Regex CumulativeWal();
}
