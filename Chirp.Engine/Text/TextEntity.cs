namespace Chirp.Engine;

/// <summary>A hashtag or mention in a text: where it starts (at its marker) and how long it is, marker included.</summary>
internal readonly record struct TextEntity(int Start, int Length, bool IsHashtag)
{
    public int End => Start + Length;

    /// <summary>The name without its marker, as written.</summary>
    public string Name(string text) => text.Substring(Start + 1, Length - 1);
}
