namespace Chirp.Engine;

/// <summary>What it takes to create an account.</summary>
/// <param name="Username">1 to 30 of <c>[A-Za-z0-9_]</c>, unique ignoring case.</param>
/// <param name="Email">A valid e-mail address, unique ignoring case.</param>
/// <param name="DisplayName">At most 30 code points; empty if null.</param>
/// <param name="Bio">At most 500 code points; empty if null.</param>
/// <param name="CredentialHash">
/// A password hash made by the caller (1 to 1024 characters), stored with the account in the same write, so that no
/// account ever exists without it; null for none (see <see cref="ChirpEngine.SetCredentialAsync"/>).
/// </param>
public sealed record NewAccount(string Username, string Email, string? DisplayName = null, string? Bio = null, string? CredentialHash = null);
