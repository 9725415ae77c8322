using System.Globalization;
using System.Text;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>An answer read off a socket: the status and the header block, enough to judge it (the body is not decoded).</summary>
public sealed record RawResponse(int Status, string Head)
{
    /// <summary>The final answer (interim 1xx ones, such as 100 Continue, are skipped); null when the bytes are not HTTP/1.x.</summary>
    public static RawResponse? Parse(byte[] bytes)
    {
        string text = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 64 * 1024));
        while (true)
        {
            if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || text.Length < 12
                || !int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            {
                return null;
            }

            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (status >= 200 || end < 0 || end + 4 == text.Length)
            {
                return new RawResponse(status, end < 0 ? text : text[..end]);
            }

            text = text[(end + 4)..];
        }
    }

    public bool HasHeader(string name) =>
        Head.Split("\r\n").Skip(1).Any(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));

    public string? Header(string name) =>
        Head.Split("\r\n").Skip(1).FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
}
