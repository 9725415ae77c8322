namespace Chirp.Server.Limits;

/// <summary>A sign-in attempt let through by <see cref="LoginThrottle"/>, counted as a failure until it says otherwise.</summary>
public sealed class LoginAttempt(LoginFailures account, LoginFailures address, LoginThrottleOptions settings)
{
    /// <summary>The password was right: the account's failures are forgotten, and this attempt is not the address's.</summary>
    public void Succeeded()
    {
        account.Clear();
        address.Remove(settings.FailuresPerAddress);
    }

    /// <summary>No password was checked (the server was too busy to hash): the attempt counts for neither.</summary>
    public void NotMade()
    {
        account.Remove(settings.FailuresPerAccount);
        address.Remove(settings.FailuresPerAddress);
    }
}
