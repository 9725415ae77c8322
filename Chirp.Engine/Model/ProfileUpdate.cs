namespace Chirp.Engine;

/// <summary>Changes to a profile; a null field stays as it is.</summary>
/// <param name="DisplayName">The new display name, or null to keep it.</param>
/// <param name="Bio">The new bio, or null to keep it.</param>
public sealed record ProfileUpdate(string? DisplayName = null, string? Bio = null);
