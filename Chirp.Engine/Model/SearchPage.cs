namespace Chirp.Engine;

/// <summary>One page of tweet search results.</summary>
/// <param name="Items">The tweets found, ready to show, in the requested order.</param>
/// <param name="NextCursor">Pass as <see cref="SearchRequest.Cursor"/> for the next page; null when there is none.</param>
public sealed record SearchPage(IReadOnlyList<TimelineItem> Items, string? NextCursor);
