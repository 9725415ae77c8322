using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Search;

public sealed class SearchRebuildTests : IDisposable
{
    private static readonly string[] Queries =
    [
        "alpha", "beta gamma", "\"alpha beta\"", "#tag0", "@user1", "from:user2", "alpha -beta", "filter:replies",
        "from:user3 include:retweets", "#tag1 -#tag2",
    ];

    private readonly TempEngine _temp = new(shards: 3);

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task A_rebuild_gives_the_same_results_as_incremental_indexing_and_reports_progress()
    {
        var users = await WriteWorkloadAsync();
        await Engine.WaitForSearchAsync();
        var incremental = Snapshot();
        var documents = Engine.GetSearchStatistics().Sum(s => s.Documents);
        Assert.Empty(SearchReference.Check(Engine, users));

        var reports = new List<SearchRebuildProgress>();
        await Engine.RebuildSearchIndexAsync(new SynchronousProgress(reports.Add));

        Assert.Equal(incremental, Snapshot());
        Assert.Equal(documents, Engine.GetSearchStatistics().Sum(s => s.Documents));
        Assert.Equal(new SearchRebuildProgress(3, 3, documents), reports[^1]);
        Assert.Equal([1, 2, 3], reports.Select(r => r.ShardsDone).Distinct().Where(d => d > 0));
    }

    [Fact]
    public async Task Writes_during_a_rebuild_are_indexed_too()
    {
        var users = await WriteWorkloadAsync();
        var rebuild = Engine.RebuildSearchIndexAsync();
        var during = new List<long>();
        for (int i = 0; i < 50; i++)
        {
            during.Add((await Engine.CreateTweetAsync(users[i % users.Count], $"during rebuild {i}")).Id);
        }

        await rebuild;
        await Engine.WaitForSearchAsync();
        Assert.Equal(during.Order(), SearchReference.WalkSearch(Engine, "during rebuild").Order());
        Assert.Empty(SearchReference.Check(Engine, users));
    }

    [Fact]
    public async Task A_lost_index_is_rebuilt_from_the_records_at_open()
    {
        var users = await WriteWorkloadAsync();
        await Engine.WaitForSearchAsync();
        var before = Snapshot();
        Engine.Dispose();
        Directory.Delete(Path.Combine(_temp.Directory, "search"), recursive: true);

        _temp.Reopen();
        await Engine.WaitForSearchAsync();
        Assert.Equal(before, Snapshot());
        Assert.Empty(SearchReference.Check(Engine, users));
    }

    [Fact]
    public async Task A_clean_restart_resumes_from_the_committed_position_without_duplicates()
    {
        var users = await WriteWorkloadAsync();
        await Engine.WaitForSearchAsync();
        var before = Snapshot();
        _temp.Reopen();

        var statistics = Engine.GetSearchStatistics();
        Assert.All(statistics, s => Assert.Equal(s.AppliedPosition, s.CommittedPosition));
        Assert.Equal(before, Snapshot());
        Assert.Empty(SearchReference.Check(Engine, users));
    }

    private async Task<List<long>> WriteWorkloadAsync()
    {
        var random = new Random(7);
        string[] words = ["alpha", "beta", "gamma", "delta"];
        var users = new List<long>();
        for (int i = 0; i < 6; i++)
        {
            users.Add((await _temp.UserAsync($"user{i}")).Id);
        }

        var tweets = new List<long>();
        for (int i = 0; i < 150; i++)
        {
            long author = users[random.Next(users.Count)];
            string text = string.Join(' ', Enumerable.Range(0, 1 + random.Next(5)).Select(_ => words[random.Next(words.Length)]))
                + $" #tag{random.Next(3)} @user{random.Next(6)}";
            int action = random.Next(10);
            if (action < 6 || tweets.Count == 0)
            {
                tweets.Add((await Engine.CreateTweetAsync(author, text)).Id);
            }
            else if (action == 6)
            {
                tweets.Add((await Engine.CreateReplyAsync(author, tweets[random.Next(tweets.Count)], text)).Id);
            }
            else if (action == 7)
            {
                await Engine.RetweetAsync(author, tweets[random.Next(tweets.Count)]);
            }
            else
            {
                long target = tweets[random.Next(tweets.Count)];
                var tweet = Engine.GetTweet(target);
                if (tweet is not null && action == 8)
                {
                    await Engine.EditTweetAsync(tweet.AuthorId, target, text);
                }
                else if (tweet is not null)
                {
                    await Engine.DeleteTweetAsync(tweet.AuthorId, target);
                    tweets.Remove(target);
                }
            }
        }

        await Engine.FlushOutboxAsync();
        return users;
    }

    private List<string> Snapshot() =>
        [.. Queries.Select(q => q + ": " + string.Join(',', SearchReference.WalkSearch(Engine, q)) + " / " + string.Join(',', SearchReference.WalkSearch(Engine, q, SearchSort.Relevance)))];

    public void Dispose() => _temp.Dispose();

    private sealed class SynchronousProgress(Action<SearchRebuildProgress> report) : IProgress<SearchRebuildProgress>
    {
        public void Report(SearchRebuildProgress value) => report(value);
    }
}
