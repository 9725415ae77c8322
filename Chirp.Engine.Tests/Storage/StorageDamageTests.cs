using System.Runtime.InteropServices;
using Chirp.Engine.Storage;
using Chirp.Engine.Tests.Support;
using RocksDbSharp;

namespace Chirp.Engine.Tests.Storage;

/// <summary>
/// A damaged write-ahead log or table file never silently drops acknowledged data: the engine refuses to open, naming
/// the shard and the file; the operator's recovery option opens at the last consistent point and reports what it
/// dropped; a torn log tail (an incomplete last record) is recovered by default and reported.
/// </summary>
public sealed class StorageDamageTests
{
    private const int Tweets = 200;

    [Fact]
    public async Task A_wal_damaged_in_the_middle_refuses_to_open_naming_the_shard_and_file()
    {
        using var temp = new TempEngine(shards: 1);
        await WriteTweetsAsync(temp);
        temp.Engine.Dispose();
        string log = OverwriteAtQuarter(SingleLog(temp));
        long length = new FileInfo(log).Length;

        var refused = Assert.Throws<ChirpException>(() => ChirpEngine.Open(temp.Options));

        Assert.Equal(ChirpErrorCode.StorageDamaged, refused.ErrorCode);
        Assert.Equal("storage_damaged", refused.Code);
        Assert.Contains("shard 0", refused.Message);
        Assert.Contains(ShardPath(temp), refused.Message);
        Assert.Contains(Path.GetFileName(log), refused.Message);
        Assert.Contains(nameof(DamageRecovery.RecoverToLastConsistentPoint), refused.Message);
        Assert.Equal(length, new FileInfo(log).Length);
        Assert.Throws<ChirpException>(() => ChirpEngine.Open(temp.Options));
    }

    [Fact]
    public async Task With_the_recovery_option_a_wal_damaged_in_the_middle_opens_at_the_last_consistent_point_and_reports_what_it_dropped()
    {
        using var temp = new TempEngine(shards: 1);
        long author = await WriteTweetsAsync(temp);
        temp.Engine.Dispose();
        string log = OverwriteAtQuarter(SingleLog(temp));
        var reports = new List<StorageRecovery>();

        using (var engine = ChirpEngine.Open(temp.Options with { DamageRecovery = DamageRecovery.RecoverToLastConsistentPoint, OnStorageRecovery = reports.Add }))
        {
            var report = Assert.Single(reports);
            Assert.Equal(StorageRecoveryKind.DamagedLogDropped, report.Kind);
            Assert.True(report.LostAcknowledgedData);
            Assert.Contains("shard 0", report.Database);
            Assert.Contains(Path.GetFileName(log), report.Message);
            Assert.Contains("applied position is now", report.Message);
            Assert.True(File.Exists(Path.Combine(ShardPath(temp), "lost", Path.GetFileName(log))), "the damaged log is kept in lost/");

            // Replay stopped at the damage: the tweets before it are there, those after it are gone, and it serves.
            int kept = engine.GetUserTweets(author, PageRequest.First(PageRequest.MaxLimit)).Items.Count;
            Assert.InRange(kept, 1, Tweets - 1);
            var created = await engine.CreateTweetAsync(author, "after the recovery");
            Assert.NotNull(engine.GetTweet(created.Id));
        }

        // Recovery removed the damage: the default (refusing) options open it again.
        reports.Clear();
        var reopened = temp.Reopen();
        Assert.Empty(reports);
        Assert.Contains(reopened.GetUserTweets(author, PageRequest.First(1)).Items, tweet => tweet.Text == "after the recovery");
    }

    [Fact]
    public async Task With_the_recovery_option_a_wal_damaged_in_its_first_record_opens_an_empty_shard_and_reports_it()
    {
        using var temp = new TempEngine(shards: 1);
        long author = await WriteTweetsAsync(temp);
        temp.Engine.Dispose();
        string log = SingleLog(temp);
        using (var file = new FileStream(log, FileMode.Open))
        {
            // Inside the first record (after its 7-byte header): the shard's format record.
            file.Position = 8;
            int original = file.ReadByte();
            file.Position = 8;
            file.WriteByte((byte)~original);
        }

        var reports = new List<StorageRecovery>();
        using var engine = ChirpEngine.Open(temp.Options with { DamageRecovery = DamageRecovery.RecoverToLastConsistentPoint, OnStorageRecovery = reports.Add });

        var report = Assert.Single(reports);
        Assert.Equal(StorageRecoveryKind.DamagedLogDropped, report.Kind);
        Assert.Contains("applied position is now 0", report.Message);
        Assert.Null(engine.GetAccount(author));
        var again = await engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        Assert.Equal("ann", engine.GetAccount(again.Id)!.Username);
    }

    [Fact]
    public async Task A_wal_cut_inside_its_last_record_is_recovered_by_default_and_reported_as_a_torn_tail()
    {
        var reports = new List<StorageRecovery>();
        using var temp = new TempEngine(shards: 1, options => options with { OnStorageRecovery = reports.Add });
        long author = await WriteTweetsAsync(temp);
        temp.Engine.Dispose();
        string log = SingleLog(temp);
        using (var file = new FileStream(log, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        var engine = temp.Reopen();

        var report = Assert.Single(reports);
        Assert.Equal(StorageRecoveryKind.TornLogTail, report.Kind);
        Assert.False(report.LostAcknowledgedData);
        Assert.Contains(Path.GetFileName(log), report.Message);
        Assert.InRange(engine.GetUserTweets(author, PageRequest.First(PageRequest.MaxLimit)).Items.Count, Tweets - 1, Tweets);
    }

    [Fact]
    public async Task A_table_file_damaged_in_a_data_block_refuses_to_open_naming_the_shard_and_file()
    {
        using var temp = new TempEngine(shards: 1);
        await WriteTweetsAsync(temp);
        temp.Engine.Dispose();
        string table = OverwriteAtQuarter(FlushToTables(temp));

        var refused = Assert.Throws<ChirpException>(() => ChirpEngine.Open(temp.Options));

        Assert.Equal(ChirpErrorCode.StorageDamaged, refused.ErrorCode);
        Assert.Contains("shard 0", refused.Message);
        Assert.Contains(Path.GetFileName(table), refused.Message);
        Assert.Contains("table file", refused.Message);
        Assert.True(File.Exists(table), "a refused open moves nothing");
    }

    [Fact]
    public async Task With_the_recovery_option_a_damaged_table_file_is_moved_to_lost_and_reported_and_the_engine_serves()
    {
        using var temp = new TempEngine(shards: 1);
        long author = await WriteTweetsAsync(temp);
        temp.Engine.Dispose();
        string table = OverwriteAtQuarter(FlushToTables(temp));
        var reports = new List<StorageRecovery>();

        using (var engine = ChirpEngine.Open(temp.Options with { DamageRecovery = DamageRecovery.RecoverToLastConsistentPoint, OnStorageRecovery = reports.Add }))
        {
            var report = Assert.Single(reports);
            Assert.Equal(StorageRecoveryKind.DamagedTablesDropped, report.Kind);
            Assert.Contains(Path.GetFileName(table), report.Message);
            Assert.Contains("column family 'tweets'", report.Message);
            Assert.False(File.Exists(table));
            Assert.True(File.Exists(Path.Combine(ShardPath(temp), "lost", Path.GetFileName(table))));

            // The tweets were in the dropped file; what is left reads without errors and takes new writes.
            Assert.InRange(engine.GetUserTweets(author, PageRequest.First(PageRequest.MaxLimit)).Items.Count, 0, Tweets - 1);
            var created = await engine.CreateTweetAsync(author, "after the repair");
            Assert.Equal("after the repair", engine.GetTweet(created.Id)!.Text);
        }

        reports.Clear();
        temp.Reopen();
        Assert.Empty(reports);
    }

    private static async Task<long> WriteTweetsAsync(TempEngine temp)
    {
        var author = await temp.UserAsync("ann");
        for (int i = 0; i < Tweets; i++)
        {
            await temp.Engine.CreateTweetAsync(author.Id, $"tweet number {i} with some words to fill a block of the table");
        }

        return author.Id;
    }

    private static string ShardPath(TempEngine temp) => Path.Combine(temp.Directory, "shard-0000");

    private static string SingleLog(TempEngine temp) =>
        Directory.GetFiles(ShardPath(temp), "*.log").OrderBy(path => new FileInfo(path).Length).Last();

    /// <summary>Overwrites 4 bytes at a quarter of the file, as in the issue; returns the path.</summary>
    private static string OverwriteAtQuarter(string path)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.Position = file.Length / 4;
        byte[] original = new byte[4];
        file.ReadExactly(original);
        file.Position -= 4;
        file.Write(original.Select(b => (byte)~b).ToArray());
        return path;
    }

    /// <summary>Moves every column family of the shard into table files (no log left to replay); returns the tweets' table.</summary>
    private static string FlushToTables(TempEngine temp)
    {
        using var store = ShardStore.Open(ShardPath(temp), 0, Cache.CreateLru(1 << 20));
        var flush = new FlushOptions().SetWaitForFlush(true);
        foreach (var family in store.Families)
        {
            Native.Instance.rocksdb_flush_cf(store.Db.Handle, flush.Handle, family.Handle);
        }

        IntPtr files = Native.Instance.rocksdb_livefiles(store.Db.Handle);
        try
        {
            int tweets = Enumerable.Range(0, Native.Instance.rocksdb_livefiles_count(files))
                .Single(i => Marshal.PtrToStringAnsi(Native.Instance.rocksdb_livefiles_column_family_name(files, i)) == "tweets");
            return Path.Combine(ShardPath(temp), Path.GetFileName(Marshal.PtrToStringAnsi(Native.Instance.rocksdb_livefiles_name(files, tweets))!));
        }
        finally
        {
            Native.Instance.rocksdb_livefiles_destroy(files);
        }
    }
}
