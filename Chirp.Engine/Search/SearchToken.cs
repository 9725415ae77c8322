namespace Chirp.Engine.Search;

/// <summary>One analyzed word of a text: its indexed form and its position (positions skip over hashtags and mentions).</summary>
internal readonly record struct SearchToken(string Term, int Position);
