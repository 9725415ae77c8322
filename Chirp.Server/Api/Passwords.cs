using Chirp.Engine;
using Microsoft.AspNetCore.Identity;

namespace Chirp.Server.Api;

/// <summary>Password hashing with ASP.NET Core Identity's hasher (PBKDF2 with a salt; hashes carry their version).</summary>
public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword("chirp", password);

    /// <summary>The account whose username or e-mail and password match; null otherwise (same time cost either way).</summary>
    public static Account? Verify(ChirpEngine engine, string? login, string? password)
    {
        if (string.IsNullOrEmpty(login) || string.IsNullOrEmpty(password) || password.Length > MaxLength)
        {
            return null;
        }

        var account = login.Contains('@') ? engine.GetAccountByEmail(login) : engine.GetAccountByUsername(login);
        string? hash = account is null ? null : engine.GetCredential(account.Id);
        if (hash is null)
        {
            // Hash anyway, so that an unknown login takes as long as a wrong password.
            Hasher.VerifyHashedPassword("chirp", DummyHash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword("chirp", hash, password) == PasswordVerificationResult.Failed ? null : account;
    }

    private static readonly string DummyHash = Hasher.HashPassword("chirp", "not a password anyone has");
}
