using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Search;

public sealed class AccountAndHashtagSearchTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    private async Task<Account> UserAsync(string username, string displayName) =>
        await Engine.CreateAccountAsync(new NewAccount(username, username + "@example.com", displayName, ""));

    [Fact]
    public async Task Accounts_are_found_by_username_prefix_exact_match_first_then_shorter_names()
    {
        var alicewonder = await UserAsync("alicewonder", "W");
        var alice = await UserAsync("Alice", "A");
        var alicia = await UserAsync("alicia", "B");
        await UserAsync("bob", "C");
        await Engine.WaitForSearchAsync();

        Assert.Equal([alice.Id, alicia.Id, alicewonder.Id], Engine.SearchAccounts("ali").Select(a => a.Id));
        Assert.Equal([alice.Id, alicewonder.Id], Engine.SearchAccounts("@alice").Select(a => a.Id));
        Assert.Equal([alice.Id], Engine.SearchAccounts("alice@example.social", limit: 1).Select(a => a.Id));
    }

    [Fact]
    public async Task Accounts_are_found_by_display_name_word_prefixes_and_follow_profile_updates()
    {
        var carol = await UserAsync("carol_k", "Carol Kühn");
        await UserAsync("dave", "Dave Smith");
        await Engine.WaitForSearchAsync();

        Assert.Equal([carol.Id], Engine.SearchAccounts("kuh").Select(a => a.Id));
        Assert.Equal([carol.Id], Engine.SearchAccounts("carol ku").Select(a => a.Id));
        Assert.Empty(Engine.SearchAccounts("smithers"));

        await Engine.UpdateProfileAsync(carol.Id, new ProfileUpdate(DisplayName: "Caz Smithers"));
        await Engine.WaitForSearchAsync();
        Assert.Equal([carol.Id], Engine.SearchAccounts("smithers").Select(a => a.Id));
        Assert.Empty(Engine.SearchAccounts("kuh"));
    }

    [Fact]
    public async Task Hashtags_are_found_by_prefix_most_used_first()
    {
        var ann = await UserAsync("ann", "Ann");
        await Engine.CreateTweetAsync(ann.Id, "#dotnet #dotnetconf");
        await Engine.CreateTweetAsync(ann.Id, "#DotNet again");
        await Engine.CreateTweetAsync(ann.Id, "#dotnet and #dots");
        await Engine.CreateTweetAsync(ann.Id, "#other");
        await Engine.WaitForSearchAsync();

        Assert.Equal(
            [new HashtagUsage("dotnet", 3), new HashtagUsage("dotnetconf", 1), new HashtagUsage("dots", 1)],
            Engine.SearchHashtags("#Dot"));
        Assert.Equal([new HashtagUsage("dotnet", 3)], Engine.SearchHashtags("dot", limit: 1));
        Assert.Empty(Engine.SearchHashtags("zzz"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("#not a tag")]
    [InlineData("tag!")]
    public void Malformed_hashtag_prefixes_are_validation_errors(string prefix) =>
        Assert.Equal("q", Assert.Throws<ChirpException>(() => Engine.SearchHashtags(prefix)).Field);

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    public void Empty_account_queries_are_validation_errors(string text) =>
        Assert.Equal("q", Assert.Throws<ChirpException>(() => Engine.SearchAccounts(text)).Field);

    [Fact]
    public void Account_and_hashtag_limits_are_checked()
    {
        Assert.Equal("limit", Assert.Throws<ChirpException>(() => Engine.SearchAccounts("a", 0)).Field);
        Assert.Equal("limit", Assert.Throws<ChirpException>(() => Engine.SearchHashtags("a", 41)).Field);
    }

    public void Dispose() => _temp.Dispose();
}
