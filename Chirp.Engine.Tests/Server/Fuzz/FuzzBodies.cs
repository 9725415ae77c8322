using System.Globalization;
using System.Text;
using Chirp.Engine.Tests.Server.Media;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Request bodies, written byte by byte so they can be wrong in every way: JSON with wrong types, deep nesting, lone
/// surrogate escapes and invalid UTF-8; malformed JSON; form bodies with garbage; multipart with random bytes, no
/// file, huge field names, a wrong or missing boundary.
/// </summary>
public sealed class FuzzBodies(Random random, FuzzValues values)
{
    private static readonly string[] MalformedJson =
    [
        "", " ", "{", "}", "[", "{\"status\":", "{\"status\": \"unterminated", "{\"status\":\"a\"", "[1,2", "{'status':'single quotes'}", "{status: 1}",
        "{\"a\":1,}", "// comment\n{}", "/* c */{}", "nul", "tru", "{\"a\":tru}", "{\"a\":1e}", "{\"a\":01}", "{\"a\":-}", "{\"a\":.5}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{,}", "{\"a\":[}", "\"just a string\"",
        "42", "null", "true", "[]", "[{}]", "{}{}", "{} trailing", "{\"a\":\"line\nbreak\"}", "{\"a\":\"tab\there\"}", "\u0000{}", "{\"status\":\"x\"}\u0000",
    ];

    private static readonly string[] OddContentTypes =
    [
        "text/plain", "application/json; charset=utf-16", "application/json; charset=garbage", "application/x-www-form-urlencoded; charset=garbage",
        "application/x-www-form-urlencoded; charset=utf-7", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"",
        "multipart/mixed; boundary=x", "application/jsonx", "json", "application/merge-patch+json", ";;;", "application/octet-stream", "", "image/png",
        "text/json", "application/json, text/plain", "*/*", "application/", "/", "application/x-www-form-urlencoded",
        "application/json", "multipart/form-data; boundary=" + new string('b', 200),
    ];

    /// <summary>
    /// A body past the server's input limits: an array of up to 40,000 values (JSON or repeated form fields), thousands
    /// of distinct parameters, or more bytes than the body limit.
    /// </summary>
    public (byte[] Body, string ContentType) Oversized(string arrayName)
    {
        int count = values.Pick([257, 2_000, 40_000]);
        string Values(string separator, Func<int, string> element) => string.Join(separator, Enumerable.Range(0, count).Select(element));
        string text = random.Next(5) switch
        {
            0 => $"{{\"{arrayName}\":[{Values(",", i => (i % 3) switch { 0 => "\"a\"", 1 => "1", _ => "\"urn:ietf:wg:oauth:2.0:oob\"" })}]}}",
            1 => Values("&", _ => Uri.EscapeDataString(arrayName) + "%5B%5D=a"),
            2 => $"{{{Values(",", i => $"\"p{i}\":{i}")}}}",
            3 => Values("&", i => $"p{i}=1"),
            _ => $"{{\"{arrayName}\":\"{new string('x', 300 * 1024)}\"}}",
        };
        return (Encoding.UTF8.GetBytes(text), text.StartsWith('{') ? "application/json" : "application/x-www-form-urlencoded");
    }

    /// <summary>A body carrying the fields, in a random encoding, sometimes wrong; and its Content-Type (null: none sent).</summary>
    public (byte[]? Body, string? ContentType) For(IReadOnlyList<(string Name, string Value)> fields, bool preferMultipart)
    {
        (byte[]? body, string? contentType) = preferMultipart && random.Next(3) > 0 ? Multipart(fields) : random.Next(100) switch
        {
            < 30 => Json(fields),
            < 55 => Form(fields),
            < 65 => Multipart(fields),
            < 75 => MalformedJsonBody(fields),
            < 82 => MalformedForm(),
            < 90 => MalformedMultipart(fields),
            < 95 => (null, null),
            _ => (values.Bytes(random.Next(0, 4096)), "application/octet-stream"),
        };

        // A body and its Content-Type disagree a fifth of the time; sometimes the header is missing altogether.
        if (body is not null && random.Next(5) == 0)
        {
            contentType = random.Next(4) == 0 ? null : values.Pick(OddContentTypes);
        }

        return (body, contentType);
    }

    public (byte[] Body, string ContentType) Json(IReadOnlyList<(string Name, string Value)> fields)
    {
        var json = new List<byte>();
        Append(json, "{");
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                Append(json, ",");
            }

            WriteString(json, fields[i].Name);
            Append(json, ":");
            WriteValue(json, fields[i].Value, depth: 0);
        }

        Append(json, "}");
        return ([.. json], random.Next(6) == 0 ? "application/json; charset=utf-8" : "application/json");
    }

    public (byte[] Body, string ContentType) Form(IReadOnlyList<(string Name, string Value)> fields)
    {
        var pairs = fields.Select(f => (Name: random.Next(6) == 0 ? f.Name + "[]" : f.Name, f.Value)).ToList();
        if (pairs.Count > 0 && random.Next(5) == 0)
        {
            pairs.Add(pairs[random.Next(pairs.Count)] with { Value = values.HostileValue() });
        }

        string body = string.Join('&', pairs.Select(p => FuzzEncoding.PercentEncode(p.Name) + "=" + FuzzEncoding.PercentEncode(p.Value)));
        return (Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded");
    }

    public (byte[] Body, string ContentType) Multipart(IReadOnlyList<(string Name, string Value)> fields)
    {
        string boundary = "fuzz" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
        var body = new List<byte>();
        foreach (var (name, value) in fields)
        {
            if (name == "file")
            {
                AppendPart(body, boundary, name, FileBytes(), filename: values.Pick(["upload.png", "", "../../x.png", "a\"b.gif", "🐦.webp"]), partType: values.Pick(["image/png", "text/plain", "application/octet-stream", ""]));
            }
            else
            {
                AppendPart(body, boundary, name, FuzzEncoding.Wtf8(value), filename: null, partType: null);
            }
        }

        Append(body, $"--{boundary}--\r\n");
        return ([.. body], $"multipart/form-data; boundary={boundary}");
    }

    private (byte[] Body, string ContentType) MalformedJsonBody(IReadOnlyList<(string Name, string Value)> fields)
    {
        byte[] body = random.Next(6) switch
        {
            0 => Deep(random.Next(30, 5_000)),
            1 when fields.Count > 0 => Json(fields).Body is { Length: > 1 } whole ? whole[..random.Next(1, whole.Length)] : [],
            2 => [.. Encoding.UTF8.GetBytes("{\"status\":\""), .. values.Bytes(random.Next(1, 64)), .. "\"}"u8.ToArray()],
            _ => Encoding.UTF8.GetBytes(values.Pick(MalformedJson)),
        };
        return (body, "application/json");
    }

    private (byte[] Body, string ContentType) MalformedForm()
    {
        string body = random.Next(7) switch
        {
            0 => "%%%%",
            1 => "a=%zz&b=%4&c=%",
            2 => "&&&==&=&status",
            3 => string.Join('&', Enumerable.Range(0, 1_100).Select(i => $"k{i}=v")),
            4 => new string('k', 3_000) + "=v",
            5 => "status=" + new string('v', 200_000),
            _ => "status=a&status[]=b&status[x]=c&[]=d&=e",
        };
        return random.Next(4) == 0
            ? (values.Bytes(random.Next(1, 2048)), "application/x-www-form-urlencoded")
            : (Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded");
    }

    private (byte[] Body, string ContentType) MalformedMultipart(IReadOnlyList<(string Name, string Value)> fields)
    {
        const string Boundary = "fuzzboundary";
        var body = new List<byte>();
        switch (random.Next(9))
        {
            case 0:
                // The body's boundary is not the header's.
                return (Multipart(fields).Body, $"multipart/form-data; boundary={Boundary}");
            case 1:
                // No closing boundary.
                AppendPart(body, Boundary, "description", "cut"u8.ToArray(), null, null);
                Append(body, $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n\r\n");
                body.AddRange(values.Bytes(random.Next(0, 512)));
                break;
            case 2:
                // A part without Content-Disposition, and one with a broken one.
                Append(body, $"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n");
                Append(body, $"--{Boundary}\r\nContent-Disposition: form-data; name=\"unclosed\r\n\r\nx\r\n--{Boundary}--\r\n");
                break;
            case 3:
                // A field name far beyond any header limit.
                AppendPart(body, Boundary, new string('n', random.Next(2_000, 40_000)), "x"u8.ToArray(), null, null);
                Append(body, $"--{Boundary}--\r\n");
                break;
            case 4:
                // More parts than the form reader accepts.
                for (int i = 0; i < 1_100; i++)
                {
                    AppendPart(body, Boundary, "f" + i.ToString(CultureInfo.InvariantCulture), "v"u8.ToArray(), null, null);
                }

                Append(body, $"--{Boundary}--\r\n");
                break;
            case 5:
                // Only the file part, with random bytes and no field name.
                Append(body, $"--{Boundary}\r\nContent-Disposition: form-data; filename=\"x.png\"\r\n\r\n");
                body.AddRange(values.Bytes(random.Next(0, 2048)));
                Append(body, $"\r\n--{Boundary}--\r\n");
                break;
            case 6:
                // Line breaks without carriage returns.
                Append(body, $"--{Boundary}\nContent-Disposition: form-data; name=\"description\"\n\nlf only\n--{Boundary}--\n");
                break;
            case 7:
                // Header lines that are garbage.
                Append(body, $"--{Boundary}\r\n");
                body.AddRange(values.Bytes(random.Next(1, 256)));
                Append(body, $"\r\n\r\nvalue\r\n--{Boundary}--\r\n");
                break;
            default:
                body.AddRange(values.Bytes(random.Next(0, 4096)));
                break;
        }

        return ([.. body], $"multipart/form-data; boundary={Boundary}");
    }

    private byte[] FileBytes() => random.Next(8) switch
    {
        0 => TestImages.Png(random.Next(1, 4), random.Next(1, 4)),
        1 => [.. TestImages.Png(2, 2).AsSpan(0, random.Next(8, 40))],
        2 => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. values.Bytes(random.Next(0, 256))],
        3 => [.. "GIF89a"u8, .. values.Bytes(random.Next(0, 64))],
        4 => [.. "RIFF"u8, 0xFF, 0xFF, 0xFF, 0x7F, .. "WEBPVP8 "u8, .. values.Bytes(16)],
        5 => [0xFF, 0xD8, 0xFF, .. values.Bytes(random.Next(0, 128))],
        6 => [],
        _ => values.Bytes(random.Next(1, 8192)),
    };

    private void WriteValue(List<byte> json, string value, int depth)
    {
        switch (depth > 3 ? 0 : random.Next(30))
        {
            case < 20:
                WriteString(json, value);
                break;
            case 20 or 21:
                Append(json, value.Length > 0 && value.All(char.IsAsciiDigit) && value[0] != '0' ? value : values.Pick(["0", "-1", "1.5", "1e400", "-0", "123456789012345678901234567890", "1E-7"]));
                break;
            case 22:
                Append(json, values.Pick(["true", "false"]));
                break;
            case 23:
                Append(json, "null");
                break;
            case 24 or 25:
                Append(json, "[");
                int count = random.Next(0, 4);
                for (int i = 0; i < count; i++)
                {
                    if (i > 0)
                    {
                        Append(json, ",");
                    }

                    WriteValue(json, i == 0 ? value : values.HostileValue(), depth + 1);
                }

                Append(json, "]");
                break;
            case 26 or 27:
                Append(json, "{");
                WriteString(json, values.Pick(["a", "", "status", "0", "[]", "\uD800"]));
                Append(json, ":");
                WriteValue(json, value, depth + 1);
                Append(json, "}");
                break;
            default:
                json.AddRange(Deep(random.Next(2, 200)));
                break;
        }
    }

    /// <summary>Nested arrays or objects, <paramref name="depth"/> levels (System.Text.Json stops at 64).</summary>
    private byte[] Deep(int depth)
    {
        bool objects = random.Next(2) == 0;
        var deep = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++)
        {
            deep.Append(objects ? "{\"a\":" : "[");
        }

        deep.Append('1');
        for (int i = 0; i < depth; i++)
        {
            deep.Append(objects ? '}' : ']');
        }

        return Encoding.ASCII.GetBytes(deep.ToString());
    }

    /// <summary>A JSON string; a lone surrogate goes out either as a \u escape or as raw, invalid UTF-8.</summary>
    private void WriteString(List<byte> json, string value)
    {
        bool rawSurrogates = random.Next(2) == 0;
        json.Add((byte)'"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (c == '"' || c == '\\')
            {
                json.Add((byte)'\\');
                json.Add((byte)c);
            }
            else if (c < 0x20 || (char.IsSurrogate(c) && !paired && !rawSurrogates))
            {
                Append(json, $"\\u{(int)c:x4}");
            }
            else if (paired)
            {
                json.AddRange(FuzzEncoding.Wtf8(value.Substring(i, 2)));
                i++;
            }
            else
            {
                json.AddRange(FuzzEncoding.Wtf8(c.ToString()));
            }
        }

        json.Add((byte)'"');
    }

    private static void AppendPart(List<byte> body, string boundary, string name, byte[] content, string? filename, string? partType)
    {
        Append(body, $"--{boundary}\r\nContent-Disposition: form-data; name=\"");
        body.AddRange(FuzzEncoding.Wtf8(name));
        Append(body, "\"");
        if (filename is not null)
        {
            Append(body, "; filename=\"");
            body.AddRange(FuzzEncoding.Wtf8(filename));
            Append(body, "\"");
        }

        Append(body, "\r\n");
        if (!string.IsNullOrEmpty(partType))
        {
            Append(body, $"Content-Type: {partType}\r\n");
        }

        Append(body, "\r\n");
        body.AddRange(content);
        Append(body, "\r\n");
    }

    private static void Append(List<byte> bytes, string ascii) => bytes.AddRange(Encoding.UTF8.GetBytes(ascii));
}
