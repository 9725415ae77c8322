namespace Chirp.Engine.Search;

/// <summary>
/// One required (or, when <see cref="Excluded"/>, forbidden) part of a query: a word or quoted phrase with the hashtags
/// and mentions written in it. All its parts must match together.
/// </summary>
internal sealed record QueryItem(bool Excluded, IReadOnlyList<SearchToken> Words, IReadOnlyList<string> Hashtags, IReadOnlyList<string> Mentions)
{
    public bool IsEmpty => Words.Count == 0 && Hashtags.Count == 0 && Mentions.Count == 0;
}
