namespace Chirp.Engine.Tests.Model;

public sealed class ModelTweet(long id, long author, string text, long parent, long retweetOf)
{
    public long Id { get; } = id;

    public long Author { get; } = author;

    public string Text { get; set; } = text;

    public long Parent { get; } = parent;

    public long RetweetOf { get; } = retweetOf;

    public bool Deleted { get; set; }

    public List<string> History { get; } = [];
}
