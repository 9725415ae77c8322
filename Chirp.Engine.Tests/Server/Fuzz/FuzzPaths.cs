namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// The path as the server sees it: Kestrel decodes the percent-encoding and then removes dot segments, so
/// <c>/api/v1/statuses/%2e%2e/%2e%2e/x</c> is <c>/api/v1/x</c>. Only the decoding of dots matters for which part of the
/// server answers.
/// </summary>
public static class FuzzPaths
{
    public static bool IsDotSegment(string segment)
    {
        string decoded = DecodeDots(segment);
        return decoded is "." or "..";
    }

    /// <summary>The path of a target (without the query) after dot-segment removal (RFC 3986 §5.2.4).</summary>
    public static string ServerPath(string target)
    {
        int query = target.IndexOf('?', StringComparison.Ordinal);
        string path = query >= 0 ? target[..query] : target;
        var output = new List<string>();
        var segments = path.Split('/');
        for (int i = 1; i < segments.Length; i++)
        {
            string segment = DecodeDots(segments[i]);
            bool last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (last)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        return "/" + string.Join('/', output);
    }

    /// <summary>Whether the server treats the path as API or OAuth: rate-limited, and answered with JSON.</summary>
    public static bool IsApi(string serverPath) =>
        HasPrefixSegment(serverPath, "/api") || HasPrefixSegment(serverPath, "/oauth");

    private static bool HasPrefixSegment(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    private static string DecodeDots(string segment) => segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
}
