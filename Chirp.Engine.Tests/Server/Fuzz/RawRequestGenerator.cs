using System.Globalization;
using System.Text;
using Chirp.Engine.Tests.Server.Media;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Malformed HTTP below what HttpClient can send: a fixed list of known troublemakers (raw invalid UTF-8 in the path
/// and headers, oversized request lines and headers, conflicting or lying framing, no Host, other protocols), and
/// seeded byte-level mutations of valid API requests.
/// </summary>
public sealed class RawRequestGenerator
{
    private static readonly byte[][] Insertions =
    [
        [0x00], [0xFF], [0x80], [0x7F], "\r\n"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "\n"u8.ToArray(), " "u8.ToArray(), ":"u8.ToArray(), "%"u8.ToArray(),
        "%00"u8.ToArray(), [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x90, 0xA6], "\""u8.ToArray(), "/../"u8.ToArray(), "?"u8.ToArray(), "#"u8.ToArray(),
    ];

    private readonly Random _random;
    private readonly FuzzTargets _targets;
    private readonly string _host;
    private readonly List<(string Name, byte[] Bytes)> _templates;

    public RawRequestGenerator(int seed, FuzzTargets targets, string host)
    {
        _random = new Random(seed);
        _targets = targets;
        _host = host;
        _templates = Templates();
    }

    public IEnumerable<(string Name, byte[] Bytes)> Fixed()
    {
        string auth = "Authorization: Bearer " + _targets.AnnToken + "\r\n";
        string status = _targets.StatusIds[0];
        yield return ("raw 0xFF in the path", Bytes($"GET /api/v1/statuses/", [0xFF, 0xFE], $" HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("a raw lone surrogate (WTF-8) in the path", Bytes("GET /api/v1/timelines/tag/", [0xED, 0xA0, 0x80], $" HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("raw UTF-8 in the path", Bytes("GET /api/v1/timelines/tag/", "café🐦"u8.ToArray(), $" HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("raw UTF-8 in the query", Bytes("GET /api/v2/search?q=", "#café"u8.ToArray(), $" HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("raw 0xFF in the query", Bytes("GET /api/v2/search?q=", [0xFF, 0x23, 0xC0, 0xAF], $" HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("raw bytes in Idempotency-Key", Bytes($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: 12\r\nIdempotency-Key: ", [0xFF, 0xFE, 0xED, 0xA0, 0x80], "\r\n\r\n{\"status\":1}"));
        yield return ("raw UTF-8 in Authorization", Bytes($"GET /api/v1/timelines/home HTTP/1.1\r\nHost: {_host}\r\nAuthorization: Bearer ", "é🐦"u8.ToArray(), "\r\n\r\n"));
        yield return ("a NUL in a header value", Bytes($"GET /api/v1/instance HTTP/1.1\r\nHost: {_host}\r\nX-Nul: a", [0x00], "b\r\n\r\n"));
        yield return ("%00 in the path", Utf8($"GET /api/v1/statuses/1%00 HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("a 10 KB request line", Utf8($"GET /api/v1/statuses/{new string('9', 10_000)} HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("a 40 KB header", Utf8($"GET /api/v1/instance HTTP/1.1\r\nHost: {_host}\r\nX-Big: {new string('a', 40_000)}\r\n\r\n"));
        yield return ("200 headers", Utf8($"GET /api/v1/instance HTTP/1.1\r\nHost: {_host}\r\n{string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n"))}\r\n"));
        yield return ("Content-Length and Transfer-Encoding both", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{{\"status\":\"smug\"}}\r\n0\r\n\r\n"));
        yield return ("a chunk size that is not hex", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"));
        yield return ("a huge chunk size", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n{{}}\r\n0\r\n\r\n"));
        yield return ("a body shorter than its Content-Length (JSON)", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"status\":\"cut"));
        yield return ("a body shorter than its Content-Length (form)", Utf8($"POST /oauth/token HTTP/1.1\r\nHost: {_host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type=pass"));
        yield return ("a body shorter than its Content-Length (multipart)", Utf8($"POST /api/v2/media HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n\r\n\u0089PNG"));
        yield return ("a negative Content-Length", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{{}}"));
        yield return ("two different Content-Lengths", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 20\r\n\r\n{{}}"));
        yield return ("HTTP/1.1 without Host", Utf8("GET /api/v1/instance HTTP/1.1\r\n\r\n"));
        yield return ("a Host whose port is out of range", Utf8($"GET /api/v1/statuses/{status} HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n"));
        yield return ("two Hosts", Utf8($"GET /api/v1/instance HTTP/1.1\r\nHost: {_host}\r\nHost: evil.example\r\n\r\n"));
        yield return ("HTTP/1.0 without Host", Utf8("GET /api/v1/instance HTTP/1.0\r\n\r\n"));
        yield return ("HTTP/9.9", Utf8($"GET /api/v1/instance HTTP/9.9\r\nHost: {_host}\r\n\r\n"));
        yield return ("absolute-form target", Utf8($"GET http://evil.example/api/v1/statuses/{status} HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("asterisk-form target", Utf8($"OPTIONS * HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("CONNECT", Utf8($"CONNECT {_host} HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("a request line only", Utf8("GET /api/v1/instance HTTP/1.1\r\n"));
        yield return ("a method only", Utf8("GET"));
        yield return ("empty lines", Utf8("\r\n\r\n\r\n"));
        yield return ("lower-case method", Utf8($"get /api/v1/instance HTTP/1.1\r\nHost: {_host}\r\n\r\n"));
        yield return ("a header without a colon", Utf8($"GET /api/v1/instance HTTP/1.1\r\nHost: {_host}\r\nNoColonHere\r\n\r\n"));
        yield return ("a folded header", Utf8($"GET /api/v1/timelines/home HTTP/1.1\r\nHost: {_host}\r\nAuthorization: Bearer\r\n {_targets.AnnToken}\r\n\r\n"));
        yield return ("Expect: 100-continue with no body", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: 30\r\nExpect: 100-continue\r\n\r\n"));
        yield return ("a TLS ClientHello", [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03, .. new byte[32]]);
        yield return ("an HTTP/2 preface", Utf8("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        yield return ("random bytes", RandomBytes(2_000));
    }

    /// <summary>A valid request with one to four random byte-level changes.</summary>
    public (string Name, byte[] Bytes) Mutated(int number)
    {
        var (name, template) = _templates[_random.Next(_templates.Count)];
        var bytes = new List<byte>(template);
        var applied = new List<string>();
        int mutations = _random.Next(1, 5);
        for (int i = 0; i < mutations && bytes.Count > 0; i++)
        {
            applied.Add(Mutate(bytes));
        }

        return ($"mutation {number} of {name}: {string.Join(", ", applied)}", [.. bytes]);
    }

    private string Mutate(List<byte> bytes)
    {
        int at = _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0:
                bytes[at] = _random.Next(2) == 0 ? (byte)_random.Next(256) : Insertions[_random.Next(Insertions.Length)][0];
                return $"byte {at} replaced";
            case 1:
                bytes.InsertRange(at, Insertions[_random.Next(Insertions.Length)]);
                return $"bytes inserted at {at}";
            case 2:
                int length = Math.Min(_random.Next(1, 40), bytes.Count - at);
                bytes.RemoveRange(at, length);
                return $"{length} bytes deleted at {at}";
            case 3:
                int span = Math.Min(_random.Next(1, 60), bytes.Count - at);
                bytes.InsertRange(at, bytes.GetRange(at, span));
                return $"{span} bytes repeated at {at}";
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"cut at {at}";
            case 5:
                return Replace(bytes, "Content-Length: ", ["0", "1", "-1", "999999", "abc", "1e3", " 5", "18446744073709551616", "00000000000000000000012"], "Content-Length");
            case 6:
                return Replace(bytes, "HTTP/1.1", ["HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/1", "HTTP/9.9", "HTTP/1.1 extra", "http/1.1"], "version");
            case 7:
                byte[] header = Encoding.ASCII.GetBytes(_random.Next(3) switch
                {
                    0 => "Transfer-Encoding: chunked\r\n",
                    1 => "Transfer-Encoding: gzip, chunked\r\n",
                    _ => "Content-Length: 5\r\n",
                });
                int headerEnd = IndexOf(bytes, "\r\n"u8.ToArray());
                bytes.InsertRange(headerEnd < 0 ? 0 : headerEnd + 2, header);
                return "framing header added";
            default:
                int space = IndexOf(bytes, " "u8.ToArray());
                if (space > 0)
                {
                    bytes.RemoveRange(0, space);
                    bytes.InsertRange(0, Encoding.ASCII.GetBytes(new[] { "PUT", "DELETE", "PATCH", "G\u0000T", "BREW", "GETT", "", "POST POST" }[_random.Next(8)]));
                }

                return "method replaced";
        }
    }

    private string Replace(List<byte> bytes, string after, string[] choices, string what)
    {
        int start = IndexOf(bytes, Encoding.ASCII.GetBytes(after));
        if (start < 0)
        {
            return $"no {what} to change";
        }

        start += after.Length;
        int end = start;
        while (end < bytes.Count && bytes[end] != '\r')
        {
            end++;
        }

        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.ASCII.GetBytes(choices[_random.Next(choices.Length)]));
        return $"{what} changed";
    }

    private List<(string Name, byte[] Bytes)> Templates()
    {
        string auth = "Authorization: Bearer " + _targets.AnnToken + "\r\n";
        string json = $"{{\"status\":\"raw #fuzz\",\"in_reply_to_id\":\"{_targets.StatusIds[0]}\"}}";
        string form = $"grant_type=client_credentials&client_id={_targets.ClientId}&client_secret={_targets.ClientSecret}&scope=read";
        byte[] png = TestImages.Png(2, 2);
        byte[] multipart = Bytes("--b\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nalt\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n", png, "\r\n--b--\r\n");
        string describe = "{\"description\":\"new alt text\"}";
        return
        [
            ("home timeline", Utf8($"GET /api/v1/timelines/home?limit=5&max_id=9{_targets.StatusIds[0]} HTTP/1.1\r\nHost: {_host}\r\n{auth}Accept: application/json\r\nConnection: close\r\n\r\n")),
            ("post a reply", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n{json}")),
            ("a chunked post", Utf8($"POST /api/v1/statuses HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{json.Length:x}\r\n{json}\r\n0\r\n\r\n")),
            ("a token", Utf8($"POST /oauth/token HTTP/1.1\r\nHost: {_host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\nConnection: close\r\n\r\n{form}")),
            ("an upload", Bytes($"POST /api/v2/media HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {multipart.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n", multipart, "")),
            ("a search", Utf8($"GET /api/v2/search?q=%23fuzz&type=statuses&limit=3 HTTP/1.1\r\nHost: {_host}\r\nConnection: close\r\n\r\n")),
            ("a media description", Utf8($"PUT /api/v1/media/{_targets.MediaIds[0]} HTTP/1.1\r\nHost: {_host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {describe.Length}\r\nConnection: close\r\n\r\n{describe}")),
        ];
    }

    private byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static int IndexOf(List<byte> bytes, byte[] pattern)
    {
        for (int i = 0; i + pattern.Length <= bytes.Count; i++)
        {
            int j = 0;
            while (j < pattern.Length && bytes[i + j] == pattern[j])
            {
                j++;
            }

            if (j == pattern.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(string before, byte[] middle, string after) => [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
