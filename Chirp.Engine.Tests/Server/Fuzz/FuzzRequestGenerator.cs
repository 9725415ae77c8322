using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Seeded random requests over every route in docs/api.md and some that do not exist: random methods, malformed path
/// ids, garbage query strings, bodies of every encoding and none, bad and good Authorization headers and other odd
/// headers. The same seed and targets give the same requests, in the same order.
/// </summary>
public sealed class FuzzRequestGenerator
{
    /// <summary>Kestrel refuses request lines over 8 KiB before the app sees them; the raw probe sends those.</summary>
    private const int MaxTargetLength = 7_000;

    /// <summary>The server's default request body limit (<c>Chirp:Input:MaxBodyBytes</c>).</summary>
    private const int DefaultBodyLimit = 256 * 1024;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] OddMethods = ["TRACE", "PROPFIND", "FOO", "get", "M-SEARCH"];
    private static readonly string[] PagingParameters = ["max_id", "since_id", "min_id", "limit"];
    private static readonly string[] SecretNames = ["password", "client_secret", "code", "code_verifier", "token", "access_token", "refresh_token"];
    private static readonly string[] HostileHosts = ["hostile-host.example", "hostile-host.example:8443", "HOSTILE-HOST.example."];

    private static readonly string[] OddSegments =
    [
        "", "0", "-1", "9223372036854775807", "9223372036854775808", "1" + new string('0', 40), "00001", "+1", "1.0", "1e3", "0x10", "abc", "null",
        "undefined", "..", ".", "%2e%2e", "%2E", "..%2F..", ".%2e", "%2F", "%2f", "%252F", "%FF", "%FE%FF", "%ED%A0%80", "%C0%AF", "%E2%80%AE",
        "~", "%20", "%09", "%0A", "%", "%zz", "%u0041", ";", ";a=b", "*", "@", "%3F", "%23", "%F0%9F%90%A6", "%EF%BF%BF", new string('9', 3_000),
        new string('a', 3_000), "verify_credentials", "lookup", "relationships", "update_credentials",
    ];

    private static readonly string[] OddQueryFragments =
    [
        "&&", "=", "%", "%zz", "a=b=c", "&limit", "limit[x]=1", "%00=%00", "limit=1&limit=2&limit=x", "id[]=&id[]=", "q", "q=", "=q", "&=&", "%FF=%FE",
        "max_id[]=1", "type[]=statuses", "+=+", "a%3Db=c", ";limit=1",
    ];

    private readonly Random _random;
    private readonly FuzzTargets _targets;
    private readonly FuzzValues _values;
    private readonly FuzzBodies _bodies;

    public FuzzRequestGenerator(int seed, FuzzTargets targets)
    {
        _random = new Random(seed);
        _targets = targets;
        _values = new FuzzValues(_random, targets);
        _bodies = new FuzzBodies(_random, _values);
    }

    public FuzzRequest Next(int number)
    {
        var route = _random.Next(12) == 0 ? _values.Pick(FuzzRoutes.Unknown) : _values.Pick(FuzzRoutes.Known);
        string method = _random.Next(4) > 0 ? route.Method : _random.Next(15) == 0 ? _values.Pick(OddMethods) : _values.Pick(Methods);
        var (path, pathReachesRoute) = Path(route);

        var fields = route.Parameters.Where(_ => _random.Next(10) < 6).Select(p => (Name: p, Value: _values.For(p))).ToList();
        if (route.IsMultipartUpload && _random.Next(4) > 0 && !fields.Any(f => f.Name == "file"))
        {
            fields.Add(("file", ""));
        }

        if (_random.Next(8) == 0)
        {
            fields.Add((_random.Next(2) == 0 ? _values.HostileValue() : "unexpected", _values.HostileValue()));
        }

        var queryFields = new List<(string Name, string Value)>();
        var bodyFields = new List<(string Name, string Value)>();
        bool readsQuery = route.Method == "GET";
        foreach (var field in fields)
        {
            (readsQuery || _random.Next(10) == 0 ? queryFields : bodyFields).Add(field);
        }

        if (route.Pages)
        {
            queryFields.AddRange(PagingParameters.Where(_ => _random.Next(20) < 7).Select(p => (p, _values.For(p))));
        }

        bool isOAuth = route.Template.StartsWith("/oauth/", StringComparison.Ordinal) && FuzzRoutes.Known.Contains(route);
        if ((isOAuth || route.Template == "/api/v1/accounts") && _random.Next(10) == 0)
        {
            // Credentials where they must not be: refused before anything is done with them.
            queryFields.Add((_values.Pick(SecretNames) + (_random.Next(4) == 0 ? "[]" : ""), _values.For("password")));
        }

        var headers = new List<KeyValuePair<string, string>>();
        var authorization = Authorization(headers);
        OtherHeaders(headers, method);

        byte[]? body = null;
        string? contentType = null;
        bool sendsBody = method is not ("HEAD" or "GET" or "OPTIONS") || _random.Next(12) == 0;
        if (sendsBody && method != "HEAD")
        {
            (body, contentType) = _random.Next(30) == 0
                ? _bodies.Oversized(route.Parameters.Count > 0 ? _values.Pick(route.Parameters) : "redirect_uris")
                : _bodies.For(bodyFields, route.IsMultipartUpload);
        }

        string target = path + Query(queryFields, path.Length);
        string? hostileHost = headers.FirstOrDefault(h => h.Key == "Host" && HostileHosts.Contains(h.Value)).Value;
        return new FuzzRequest
        {
            Number = number,
            Route = route,
            Method = method,
            Target = target,
            Headers = headers,
            ContentType = contentType,
            Body = body,
            MustBeUnauthorized = route.RequiresToken && method == route.Method && pathReachesRoute && authorization == FuzzAuthorization.Invalid,
            MustRefuseSecretInQuery = isOAuth && method == route.Method && pathReachesRoute && HasSecretInQuery(target),
            HostileHost = hostileHost?.Split(':')[0].TrimEnd('.'),
            BodyOverLimit = body?.Length > DefaultBodyLimit,
        };
    }

    /// <summary>Whether the query string, parsed as the server parses it, names a secret (with or without "[]").</summary>
    private static bool HasSecretInQuery(string target)
    {
        int at = target.IndexOf('?', StringComparison.Ordinal);
        return at >= 0 && QueryHelpers.ParseQuery(target[at..]).Keys.Any(key => SecretNames.Contains(key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The path, and whether it still reaches the template's route (no empty, dot or slash-bearing segment).</summary>
    private (string Path, bool ReachesRoute) Path(FuzzRoute route)
    {
        bool reachesRoute = true;
        var segments = route.Template.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                string segment = Segment(segments[i]);
                reachesRoute &= segment.Length > 0 && !FuzzPaths.IsDotSegment(segment) && !segment.Contains("%2F", StringComparison.OrdinalIgnoreCase);
                segments[i] = segment;
            }
        }

        string path = string.Join('/', segments);
        switch (_random.Next(40))
        {
            case 0:
                return ("/.." + path, false);
            case 1:
                return ("/./" + path.TrimStart('/'), false);
            case 2:
                return (path + "/", false);
            case 3:
                return (path.Replace("/", "//", StringComparison.Ordinal), false);
            case 4:
                return (path + "/../" + segments[^1], false);
            default:
                return (path, reachesRoute);
        }
    }

    /// <summary>
    /// A value for a path placeholder. Never a NUL: Kestrel refuses one in the path with a bare 400 before the app
    /// runs, so the app's JSON promise cannot hold there; the raw probe sends that case.
    /// </summary>
    private string Segment(string placeholder)
    {
        IReadOnlyList<string> known = placeholder switch
        {
            "{account}" => _targets.AccountIds,
            "{status}" => _targets.StatusIds,
            "{media}" => _targets.MediaIds,
            "{hashtag}" => _targets.Hashtags,
            _ => [_targets.MediaFileName],
        };
        string real = _values.Pick(known);
        return _random.Next(100) switch
        {
            < 55 => real,
            < 75 => _values.Pick(OddSegments),
            < 85 => FuzzEncoding.PercentEncode(Cap(_values.HostileValue(), 300).Replace("\0", "", StringComparison.Ordinal)),
            _ => _values.Pick([real + "0", "-" + real, real + "abc", real + ".json", "0" + real, real.ToUpperInvariant(), real + "%01", real + "%20", real[..^1] + "x"]),
        };
    }

    private string Query(List<(string Name, string Value)> fields, int pathLength)
    {
        if (fields.Count > 0 && _random.Next(8) == 0)
        {
            fields.Add(fields[_random.Next(fields.Count)] with { Value = _values.HostileValue() });
        }

        var pairs = fields.Select(f => FuzzEncoding.PercentEncode(f.Name == "id" && _random.Next(10) < 7 ? "id[]" : f.Name) + "=" + FuzzEncoding.PercentEncode(f.Value)).ToList();
        if (_random.Next(10) == 0)
        {
            pairs.Insert(_random.Next(pairs.Count + 1), _values.Pick(OddQueryFragments));
        }

        var query = new StringBuilder();
        foreach (string pair in pairs)
        {
            if (pathLength + query.Length + pair.Length + 1 < MaxTargetLength)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(pair);
            }
        }

        return query.Length > 0 ? query.ToString() : _values.Pick(["", "", "", "", "", "", "?", "??", "?&"]);
    }

    private FuzzAuthorization Authorization(List<KeyValuePair<string, string>> headers)
    {
        int roll = _random.Next(100);
        if (roll < 35)
        {
            headers.Add(new("Authorization", "Bearer " + _targets.AnnToken));
            return FuzzAuthorization.User;
        }

        if (roll < 55)
        {
            headers.Add(new("Authorization", (_random.Next(10) == 0 ? "bearer " : "Bearer ") + _targets.BobToken));
            return FuzzAuthorization.User;
        }

        if (roll < 61)
        {
            headers.Add(new("Authorization", "Bearer " + _targets.AppToken));
            return FuzzAuthorization.App;
        }

        if (roll < 75)
        {
            return FuzzAuthorization.Invalid;
        }

        if (roll < 77)
        {
            headers.Add(new("Authorization", "Bearer " + _targets.AnnToken));
            headers.Add(new("Authorization", "Bearer " + _targets.BobToken));
            return FuzzAuthorization.Unclear;
        }

        headers.Add(new("Authorization", ForgedAuthorization()));
        return FuzzAuthorization.Invalid;
    }

    /// <summary>An Authorization header that must not authenticate anyone.</summary>
    private string ForgedAuthorization()
    {
        string token = _random.Next(2) == 0 ? _targets.AnnToken : _targets.BobToken;
        string[] parts = token.Split('.');
        return _random.Next(16) switch
        {
            0 => "Bearer",
            1 => "Bearer ",
            2 => "Bearer garbage",
            3 => "Bearer " + token[..(_random.Next(1, token.Length - 3))],
            4 => "Bearer " + Flip(token),
            5 => "Bearer " + token + "x",
            6 => "Basic dXNlcjpwYXNzd29yZA==",
            7 => "Token " + token,
            8 => "Bearer a.b.c",
            9 => "Bearer " + Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
            10 => "Bearer " + parts[0] + "." + parts[1] + ".",
            11 => "Bearer " + _targets.BobToken.Split('.')[0] + "." + _targets.BobToken.Split('.')[1] + "." + _targets.AnnToken.Split('.')[2],
            12 => "Bearer " + new string('A', 10_000),
            13 => "Bearer " + token + " trailing",
            14 => "Bearer " + Base64Url(FuzzEncoding.HeaderSafe(_values.HostileValue())) + "." + Base64Url("{}") + "." + Base64Url("sig"),
            _ => FuzzEncoding.HeaderSafe(_values.HostileValue()),
        };
    }

    /// <summary>Changes one character well inside the token (the last ones of a base64url part may only be padding bits).</summary>
    private string Flip(string token)
    {
        int at = _random.Next(10, token.Length - 10);
        char replacement = token[at] == 'A' ? 'B' : 'A';
        return string.Concat(token.AsSpan(0, at), replacement.ToString(), token.AsSpan(at + 1));
    }

    private void OtherHeaders(List<KeyValuePair<string, string>> headers, string method)
    {
        if (method == "POST" && _random.Next(5) == 0)
        {
            headers.Add(new("Idempotency-Key", _values.Pick(["", "k", "key-1", new string('k', 4_000), FuzzEncoding.HeaderSafe(_values.HostileValue())])));
        }

        if (method == "OPTIONS" && _random.Next(2) == 0)
        {
            headers.Add(new("Origin", "https://client.example"));
            headers.Add(new("Access-Control-Request-Method", _values.Pick(Methods)));
            headers.Add(new("Access-Control-Request-Headers", "authorization, idempotency-key, content-type"));
        }

        AddSometimes(headers, 10, "Accept", ["*/*", "text/html", "application/xml", "garbage", "application/json;q=0", ""]);
        AddSometimes(headers, 8, "Origin", ["https://evil.example", "null", "garbage"]);
        AddSometimes(headers, 4, "Range", ["bytes=0-10", "bytes=garbage", "bytes=99999999-", "bytes=5-1", "bytes=0-0,1-1,2-2", "items=0-1"]);
        AddSometimes(headers, 4, "If-None-Match", ["\"" + _targets.MediaFileName.Split('.')[0] + "\"", "*", "garbage", "W/\"x\""]);
        AddSometimes(headers, 2, "If-Modified-Since", ["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT"]);
        AddSometimes(headers, 3, "Content-Encoding", ["gzip", "br", "garbage"]);
        AddSometimes(headers, 3, "X-Forwarded-For", ["garbage", "1.2.3.4, 5.6.7.8", "::1"]);
        AddSometimes(headers, 2, "X-Forwarded-Host", ["evil.example"]);
        // Only values the client can send as the one Host header; an out-of-range port makes it add its own as well, so
        // the raw probe sends that one.
        AddSometimes(headers, 2, "Host", ["evil.example", "127.0.0.1:1", "EXAMPLE.COM.", "[::1]", "a:0"]);
        if (!headers.Any(h => h.Key == "Host"))
        {
            AddSometimes(headers, 3, "Host", HostileHosts);
        }
        AddSometimes(headers, 2, "Cookie", ["a=b; c", "=;=;", new string('c', 3_000)]);
        AddSometimes(headers, 2, "Accept-Language", ["xx", "*;q=garbage"]);
        AddSometimes(headers, 2, "X-Long", [new string('a', 6_000)]);
        if (_random.Next(50) == 0)
        {
            for (int i = 0; i < 60; i++)
            {
                headers.Add(new("X-Fuzz-" + i.ToString(CultureInfo.InvariantCulture), "v"));
            }
        }
    }

    private void AddSometimes(List<KeyValuePair<string, string>> headers, int percent, string name, string[] choices)
    {
        if (_random.Next(100) < percent)
        {
            headers.Add(new(name, _values.Pick(choices)));
        }
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Cap(string text, int length) => text.Length <= length ? text : text[..length];
}
