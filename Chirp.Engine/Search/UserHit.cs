namespace Chirp.Engine.Search;

/// <summary>A user found by prefix: how close the match is (0 exact username, 1 username prefix, 2 display name).</summary>
internal readonly record struct UserHit(int Closeness, int UsernameLength, long UserId)
{
    public static int Compare(UserHit a, UserHit b) =>
        a.Closeness != b.Closeness ? a.Closeness.CompareTo(b.Closeness)
        : a.UsernameLength != b.UsernameLength ? a.UsernameLength.CompareTo(b.UsernameLength)
        : a.UserId.CompareTo(b.UserId);
}
