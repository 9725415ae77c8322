namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// A route as the fuzzer knows it: its method, its path template (placeholders {account}, {status}, {media},
/// {hashtag}, {file}), the parameters it reads (from the query for GET, the body otherwise), whether it pages
/// (max_id, since_id, min_id, limit), and whether it refuses requests without a valid token.
/// </summary>
public sealed record FuzzRoute(string Method, string Template, IReadOnlyList<string> Parameters, bool Pages = false, bool RequiresToken = false)
{
    public bool IsMultipartUpload => Template.EndsWith("/media", StringComparison.Ordinal) && Method == "POST";

    public override string ToString() => $"{Method} {Template}";
}
