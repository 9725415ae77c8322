namespace Chirp.Engine;

/// <summary>One page of a timeline, newest first, with the cursors for the pages around it.</summary>
/// <param name="Items">The entries, newest first.</param>
/// <param name="NextMaxId">Pass as <see cref="PageRequest.MaxId"/> for the next older page; null when nothing older exists.</param>
/// <param name="PrevMinId">Pass as <see cref="PageRequest.MinId"/> for the entries newer than this page; null when the request had no lower bound and the page is empty.</param>
public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, long? NextMaxId, long? PrevMinId);
