using System.Collections.Concurrent;
using Chirp.Engine.Search;
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

    [Fact]
    public void A_commit_after_a_refill_remembers_that_its_documents_may_come_from_changes_after_its_position()
    {
        string path = Path.Combine(Path.GetTempPath(), "chirp-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A refill began at position 1 and its scan of the records saw changes up to 3: the commit holds position
            // 1 and documents of changes 2 and 3. Reopened (after a crash, or a close whose commit failed), change 2
            // must update its document, not add a second one.
            using (var index = ShardIndex.Open(path))
            {
                index.StartOver();
                index.Refilled(startedAt: 1, endedAt: 3);
                index.Commit();
            }

            using var reopened = ShardIndex.Open(path);
            Assert.Equal(1, reopened.CommittedPosition);
            Assert.False(reopened.IsNewAt(2));
            Assert.False(reopened.IsNewAt(3));
            Assert.True(reopened.IsNewAt(4));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
