namespace Chirp.Engine;

/// <summary>An earlier version of an edited tweet.</summary>
/// <param name="Text">The text of that version.</param>
/// <param name="MediaIds">The media of that version.</param>
/// <param name="WrittenAt">When that version was written (created or edited).</param>
public sealed record TweetVersion(string Text, IReadOnlyList<long> MediaIds, DateTimeOffset WrittenAt);
