using System.Collections.Concurrent;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Search;

public sealed class SearchCloseTests
{
    [Fact]
    public async Task A_search_commit_that_fails_at_close_is_reported_the_close_completes_and_the_next_open_indexes_again()
    {
        FullDiskDirectory? disk = null;
        var failures = new ConcurrentQueue<Exception>();
        using var temp = new TempEngine(shards: 1, o => o with
        {
            // No periodic commit: what is indexed is committed only at close, which the full disk makes fail.
            SearchCommitInterval = TimeSpan.FromHours(1),
            WrapSearchDirectory = files => disk = new FullDiskDirectory(files),
            OnCloseFailure = failures.Enqueue,
        });
        var ann = await temp.UserAsync("ann");
        long tweet = (await temp.Engine.CreateTweetAsync(ann.Id, "indexed before the disk filled")).Id;
        await temp.Engine.WaitForSearchAsync();
        var statistics = temp.Engine.GetSearchStatistics().Single();
        Assert.True(statistics.CommittedPosition < statistics.AppliedPosition, "the tweet must be indexed but not committed");

        disk!.Full = true;
        temp.Engine.Dispose();

        var failure = Assert.Single(failures);
        Assert.Contains("could not be committed at close", failure.Message, StringComparison.Ordinal);
        Assert.Equal(FullDiskDirectory.NoSpaceLeftOnDevice, Assert.IsType<IOException>(failure.InnerException).HResult);

        // The close released RocksDB's and Lucene's locks (the reopened index gets a directory that is not full), and
        // the index catches up from the change feed.
        using var reopened = ChirpEngine.Open(temp.Options);
        await reopened.WaitForSearchAsync();
        Assert.Equal([tweet], reopened.SearchTweets("indexed disk").Items.Select(i => i.Tweet.Id));
        Assert.Equal([ann.Id], reopened.SearchAccounts("ann").Select(a => a.Id));
    }
}
