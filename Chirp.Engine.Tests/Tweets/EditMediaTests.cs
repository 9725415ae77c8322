using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Tweets;

/// <summary>An edit without media ids keeps the media; with media ids (even none) it replaces them.</summary>
public sealed class EditMediaTests : IDisposable
{
    private readonly TempEngine _temp = new();

    private ChirpEngine Engine => _temp.Engine;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_edit_without_media_ids_keeps_the_media_and_history_records_them()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "with pictures", [11, 12]);

        var edited = await Engine.EditTweetAsync(ann.Id, tweet.Id, "new words");

        Assert.Equal([11L, 12L], edited.MediaIds);
        Assert.Equal([11L, 12L], Engine.GetTweet(tweet.Id)!.MediaIds);
        Assert.Equal([11L, 12L], Assert.Single(Engine.GetEditHistory(tweet.Id)).MediaIds);
    }

    [Fact]
    public async Task An_edit_with_media_ids_replaces_them_and_an_empty_list_removes_them()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "with pictures", [11, 12]);

        var replaced = await Engine.EditTweetAsync(ann.Id, tweet.Id, "one picture", [13]);
        var removed = await Engine.EditTweetAsync(ann.Id, tweet.Id, "no pictures", []);

        Assert.Equal([13L], replaced.MediaIds);
        Assert.Empty(removed.MediaIds);
    }

    [Fact]
    public async Task Empty_text_is_allowed_while_the_kept_media_remain_and_refused_without_them()
    {
        var ann = await _temp.UserAsync("ann");
        var pictures = await Engine.CreateTweetAsync(ann.Id, "pictures", [11]);
        var words = await Engine.CreateTweetAsync(ann.Id, "words");

        var blank = await Engine.EditTweetAsync(ann.Id, pictures.Id, "");
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.EditTweetAsync(ann.Id, words.Id, "").AsTask());

        Assert.Equal([11L], blank.MediaIds);
        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
    }
}
