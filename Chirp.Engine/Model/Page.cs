namespace Chirp.Engine;

/// <summary>One page of a list, newest first (or in the order the method documents).</summary>
/// <typeparam name="T">The entry type.</typeparam>
/// <param name="Items">The entries.</param>
/// <param name="NextMaxId">The cursor for the next (older) page, or null when this page is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextMaxId);
