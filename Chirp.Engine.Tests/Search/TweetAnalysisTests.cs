using Chirp.Engine.Search;

namespace Chirp.Engine.Tests.Search;

public sealed class TweetAnalysisTests
{
    private static string Words(string text) =>
        string.Join(' ', TweetAnalysis.Current.Tokenize(text).Select(t => $"{t.Term}@{t.Position}"));

    [Theory]
    [InlineData("Hello, World!", "hello@0 world@1")]
    [InlineData("Café DÉJÀ-VU", "cafe@0 deja@1 vu@2")]
    [InlineData("don't stop", "don't@0 stop@1")]
    [InlineData("straße", "strasse@0")]
    [InlineData("see https://Example.com/a?b=1 now", "see@0 https://example.com/a?b=1@1 now@2")]
    [InlineData("mail bob@example.org", "mail@0 bob@example.org@1")]
    [InlineData("东京 tower", "东@0 京@1 tower@2")]
    public void Words_follow_unicode_boundaries_and_fold_case_and_accents(string text, string expected) =>
        Assert.Equal(expected, Words(text));

    [Theory]
    [InlineData("fire 🔥🔥!", "fire@0 🔥@1 🔥@2")]
    [InlineData("👍🏽 ok", "👍@0 ok@1")]
    [InlineData("I ❤️ it", "i@0 ❤@1 it@2")]
    public void Emoji_are_one_token_each_without_modifiers(string text, string expected) =>
        Assert.Equal(expected, Words(text));

    [Theory]
    [InlineData("good #sunny morning", "good@0 morning@2")]
    [InlineData("hi @bob and #a_b #c", "hi@0 and@2")]
    [InlineData("#only", "")]
    [InlineData("email@example.com #1 a#b", "email@example.com@0 1@1 a@2 b@3")]
    public void Hashtags_and_mentions_are_not_words_and_leave_a_gap(string text, string expected) =>
        Assert.Equal(expected, Words(text));
}
