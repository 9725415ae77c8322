namespace Chirp.Engine;

/// <summary>
/// Where a hashtag or mention sits in a text, as found by <see cref="TweetText.FindHashtagsAndMentions"/>: renderers
/// need the positions, not just the names that <see cref="TweetText.ExtractHashtags"/> returns.
/// </summary>
/// <param name="Start">The UTF-16 index of its marker ('#', '＃', '@' or '＠').</param>
/// <param name="Length">Its length in UTF-16 code units, marker included; the name is the rest, as written.</param>
/// <param name="IsHashtag">True for a hashtag, false for a mention.</param>
public readonly record struct HashtagOrMention(int Start, int Length, bool IsHashtag);
