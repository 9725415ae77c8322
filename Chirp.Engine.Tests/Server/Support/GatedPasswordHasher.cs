using Microsoft.AspNetCore.Identity;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// The server's password hasher, counting the passwords it checks; when <see cref="Hold"/> is called, the next checks
/// wait in the hasher (as a slow hash would) until <see cref="Release"/>.
/// </summary>
public sealed class GatedPasswordHasher : PasswordHasher<string>
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private readonly SemaphoreSlim _entered = new(0);
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    /// <summary>Completes when a check has entered the hasher.</summary>
    public Task WaitUntilEnteredAsync(CancellationToken cancellationToken) => _entered.WaitAsync(cancellationToken);

    public override PasswordVerificationResult VerifyHashedPassword(string user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        _entered.Release();
        _open.Wait(TimeSpan.FromMinutes(1));
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
