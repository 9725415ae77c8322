namespace Chirp.Server.Auth;

/// <summary>
/// OAuth scopes as Mastodon has them: <c>read</c>, <c>write</c>, <c>follow</c> and <c>push</c>, and granular ones such as
/// <c>read:statuses</c>; a broad scope grants every granular one under it, and <c>follow</c> grants the follow-related
/// read and write scopes.
/// </summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Follow = "follow";
    public const string Push = "push";

    private static readonly string[] FollowGranted = ["read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"];

    /// <summary>Splits a scope string (space or '+' separated); null for an unknown scope.</summary>
    public static IReadOnlyList<string>? Parse(string? scopes)
    {
        var parsed = new List<string>();
        foreach (string scope in (scopes ?? Read).Split([' ', '+'], StringSplitOptions.RemoveEmptyEntries))
        {
            string top = scope.Split(':')[0];
            if (top is not (Read or Write or Follow or Push) || (scope.Contains(':') && (top is Follow or Push || scope.EndsWith(':'))))
            {
                return null;
            }

            if (!parsed.Contains(scope))
            {
                parsed.Add(scope);
            }
        }

        return parsed.Count == 0 ? [Read] : parsed;
    }

    /// <summary>Whether <paramref name="requested"/> are all within <paramref name="allowed"/>.</summary>
    public static bool AllWithin(IReadOnlyList<string> requested, IReadOnlyList<string> allowed) =>
        requested.All(scope => Grants(allowed, scope));

    /// <summary>Whether granted scopes cover a required one (for example <c>write</c> covers <c>write:statuses</c>).</summary>
    public static bool Grants(IEnumerable<string> granted, string required)
    {
        string top = required.Split(':')[0];
        foreach (string scope in granted)
        {
            if (scope == required || scope == top || (scope == Follow && FollowGranted.Contains(required)))
            {
                return true;
            }
        }

        return false;
    }
}
