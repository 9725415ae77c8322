using System.Text;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Turns fuzz strings into wire bytes without the framework's help, because the framework would repair exactly what
/// the fuzzer means to send: a lone surrogate becomes its three-byte form (WTF-8), which is invalid UTF-8, instead of
/// being replaced or refused.
/// </summary>
public static class FuzzEncoding
{
    public static byte[] Wtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            AppendCodePoint(bytes, codePoint);
        }

        return [.. bytes];
    }

    /// <summary>Percent-encodes every byte outside RFC 3986's unreserved set.</summary>
    public static string PercentEncode(ReadOnlySpan<byte> bytes)
    {
        var encoded = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    public static string PercentEncode(string text) => PercentEncode(Wtf8(text));

    /// <summary>Printable ASCII only, for header values (the client refuses anything else; the raw probe sends that).</summary>
    public static string HeaderSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            safe.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return safe.ToString();
    }

    /// <summary>A short, printable excerpt of bytes for failure reports: ASCII as is, everything else as \xNN.</summary>
    public static string Excerpt(ReadOnlySpan<byte> bytes, int maxBytes = 300)
    {
        var excerpt = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, maxBytes)])
        {
            excerpt.Append(b is >= 0x20 and < 0x7F && b != (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        if (bytes.Length > maxBytes)
        {
            excerpt.Append(System.Globalization.CultureInfo.InvariantCulture, $"... ({bytes.Length} bytes)");
        }

        return excerpt.ToString();
    }

    private static void AppendCodePoint(List<byte> bytes, int codePoint)
    {
        if (codePoint < 0x80)
        {
            bytes.Add((byte)codePoint);
        }
        else if (codePoint < 0x800)
        {
            bytes.Add((byte)(0xC0 | (codePoint >> 6)));
            bytes.Add((byte)(0x80 | (codePoint & 0x3F)));
        }
        else if (codePoint < 0x10000)
        {
            // Includes the surrogate range on purpose: a lone surrogate is written as ED A0..BF xx.
            bytes.Add((byte)(0xE0 | (codePoint >> 12)));
            bytes.Add((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
            bytes.Add((byte)(0x80 | (codePoint & 0x3F)));
        }
        else
        {
            bytes.Add((byte)(0xF0 | (codePoint >> 18)));
            bytes.Add((byte)(0x80 | ((codePoint >> 12) & 0x3F)));
            bytes.Add((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
            bytes.Add((byte)(0x80 | (codePoint & 0x3F)));
        }
    }
}
