using System.Text.Json;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// What every answer must satisfy, whatever was asked: no 5xx; a missing or forged token on a protected route is a
/// 401; a secret in the query string of an OAuth route is a 400; a hostile Host header is never repeated; and under /api and /oauth (docs/api.md: JSON bodies everywhere, rate-limit headers on every response) a JSON
/// body, an error being an object with an "error" string. Exempt: HEAD, 204 and 304 (no body by definition), redirects,
/// and the HTML login page of /oauth/authorize.
/// </summary>
public static class FuzzResponseRules
{
    public static List<string> Problems(FuzzRequest request, HttpResponseMessage response, byte[] body)
    {
        var problems = new List<string>();
        int status = (int)response.StatusCode;
        if (status >= 500)
        {
            problems.Add($"status {status}");
        }

        // A declared body over the limit is refused (413) before anything else looks at the request.
        bool refusedForSize = request.BodyOverLimit && status == 413;
        if (request.MustBeUnauthorized && status != 401 && !refusedForSize)
        {
            problems.Add($"status {status} where a missing or forged token must get 401");
        }

        if (request.MustRefuseSecretInQuery && status != 400 && !refusedForSize)
        {
            problems.Add($"status {status} where a secret in the query string must get 400");
        }

        if (request.HostileHost is { } host
            && (System.Text.Encoding.UTF8.GetString(body).Contains(host, StringComparison.OrdinalIgnoreCase)
                || response.Headers.ToString().Contains(host, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"the answer repeats the hostile Host header {host}");
        }

        string serverPath = FuzzPaths.ServerPath(request.Target);
        if (!FuzzPaths.IsApi(serverPath) || request.Method == "HEAD" || status is 204 or 304 or (>= 300 and < 400))
        {
            return problems;
        }

        if (!response.Headers.Contains("X-RateLimit-Limit"))
        {
            problems.Add("no X-RateLimit-Limit header on an API response");
        }

        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType == "text/html" && serverPath.TrimEnd('/').Equals("/oauth/authorize", StringComparison.OrdinalIgnoreCase))
        {
            return problems;
        }

        if (mediaType != "application/json")
        {
            problems.Add($"Content-Type {mediaType ?? "(none)"} instead of application/json");
            return problems;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (status >= 400 && !(document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String))
            {
                problems.Add("an error body without an \"error\" string");
            }
        }
        catch (JsonException e)
        {
            problems.Add($"a body that is not JSON ({e.Message})");
        }

        return problems;
    }
}
