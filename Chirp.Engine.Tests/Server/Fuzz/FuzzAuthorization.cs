namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>What a generated request's Authorization header(s) amount to, which decides what the server must answer.</summary>
public enum FuzzAuthorization
{
    /// <summary>A real user's token.</summary>
    User,

    /// <summary>The app's client-credentials token: valid, but acting for no user.</summary>
    App,

    /// <summary>None, or a forged, truncated or foreign-scheme one: must authenticate nobody.</summary>
    Invalid,

    /// <summary>Two tokens at once: what counts is up to the server, as long as it is not a 5xx.</summary>
    Unclear,
}
