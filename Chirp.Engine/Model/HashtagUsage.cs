namespace Chirp.Engine;

/// <summary>A hashtag found by prefix, with how many indexed tweets carry it.</summary>
/// <param name="Name">The hashtag, lower-cased, without '#'.</param>
/// <param name="Tweets">Indexed tweets with it. Deleted tweets may count until the index merges them away.</param>
public sealed record HashtagUsage(string Name, long Tweets);
