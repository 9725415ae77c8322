using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Search;

public sealed class SearchOffTests
{
    [Fact]
    public async Task Without_search_the_search_calls_say_disabled_and_turning_it_on_indexes_what_was_written()
    {
        using var temp = new TempEngine(shards: 2, o => o with { IndexForSearch = false });
        var ann = await temp.UserAsync("ann");
        long tweet = (await temp.Engine.CreateTweetAsync(ann.Id, "written while search was off")).Id;

        Assert.Equal(ChirpErrorCode.Disabled, Assert.Throws<ChirpException>(() => temp.Engine.SearchTweets("written")).ErrorCode);
        Assert.Equal("disabled", Assert.Throws<ChirpException>(() => temp.Engine.SearchAccounts("ann")).Code);
        Assert.Equal(ChirpErrorCode.Disabled, Assert.Throws<ChirpException>(() => temp.Engine.SearchHashtags("x")).ErrorCode);
        Assert.Equal(ChirpErrorCode.Disabled, Assert.Throws<ChirpException>(() => temp.Engine.GetSearchStatistics()).ErrorCode);
        await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.WaitForSearchAsync());
        Assert.False(Directory.Exists(Path.Combine(temp.Directory, "search")));

        temp.Engine.Dispose();
        using var engine = ChirpEngine.Open(temp.Options with { IndexForSearch = true });
        await engine.WaitForSearchAsync();
        Assert.Equal([tweet], engine.SearchTweets("written off").Items.Select(i => i.Tweet.Id));
        Assert.Equal([ann.Id], engine.SearchAccounts("ann").Select(a => a.Id));
    }
}
