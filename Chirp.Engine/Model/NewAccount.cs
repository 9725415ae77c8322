namespace Chirp.Engine;

/// <summary>What it takes to create an account.</summary>
/// <param name="Username">1 to 30 of <c>[A-Za-z0-9_]</c>, unique ignoring case.</param>
/// <param name="Email">A valid e-mail address, unique ignoring case.</param>
/// <param name="DisplayName">At most 30 code points; empty if null.</param>
/// <param name="Bio">At most 500 code points; empty if null.</param>
public sealed record NewAccount(string Username, string Email, string? DisplayName = null, string? Bio = null);
