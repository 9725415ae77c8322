using System.Globalization;
using System.Text;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// One generated request: everything needed to send it again and to describe it in a failure report. The target is
/// sent exactly as generated (already percent-encoded, dot segments kept); the body is raw bytes.
/// </summary>
public sealed record FuzzRequest
{
    public required int Number { get; init; }

    public required FuzzRoute Route { get; init; }

    public required string Method { get; init; }

    /// <summary>Path and query, ASCII, as they go on the request line.</summary>
    public required string Target { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The Content-Type header as sent (possibly malformed), or null for none.</summary>
    public string? ContentType { get; init; }

    public byte[]? Body { get; init; }

    /// <summary>A forged or missing token on a route that needs one, with a path that still reaches that route: must be 401.</summary>
    public bool MustBeUnauthorized { get; init; }

    /// <summary>A secret (password, client_secret, code...) in the query string of an OAuth route it reaches: must be 400.</summary>
    public bool MustRefuseSecretInQuery { get; init; }

    /// <summary>
    /// A body over the server's limit: the server may answer before reading it all and close the connection, which the
    /// client, still sending, may see as a reset instead of the answer.
    /// </summary>
    public bool BodyOverLimit { get; init; }

    /// <summary>The hostile host the request named in its Host header, which no answer may repeat; null when none.</summary>
    public string? HostileHost { get; init; }

    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        // Without this the client would resolve "..", and the server would never see it.
        var uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            // Content headers (Content-Encoding) only go on a request with content.
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>Method, target, headers and a body excerpt: enough to replay the request by hand.</summary>
    public string Describe()
    {
        var description = new StringBuilder();
        description.Append(CultureInfo.InvariantCulture, $"#{Number} ({Route}) {Method} {Excerpt(Target, 600)}");
        foreach (var (name, value) in Headers)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n    {name}: {Excerpt(value, 200)}");
        }

        if (ContentType is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n    Content-Type: {Excerpt(ContentType, 200)}");
        }

        if (Body is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n    body ({Body.Length} bytes): {FuzzEncoding.Excerpt(Body)}");
        }

        return description.ToString();
    }

    private static string Excerpt(string text, int max) => text.Length <= max ? text : $"{text[..max]}... ({text.Length} chars)";
}
