namespace Chirp.Engine;

/// <summary>One page of a list, newest first (or in the order the method documents).</summary>
/// <typeparam name="T">The entry type.</typeparam>
/// <param name="Items">The entries.</param>
/// <param name="NextMaxId">The cursor for the next (older) page, or null when this page is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextMaxId)
{
    /// <summary>
    /// The cursor to pass as <see cref="PageRequest.MinId"/> for the entries newer than this page (the newest entry's
    /// cursor; the request's lower bound when the page is empty). Set by lists that support min_id.
    /// </summary>
    public long? PrevMinId { get; init; }
}
