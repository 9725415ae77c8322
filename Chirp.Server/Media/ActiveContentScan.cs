using System.Text;

namespace Chirp.Server.Media;

/// <summary>
/// Finds HTML at the start of an image: a polyglot that a content-sniffing browser (or a proxy that drops the
/// Content-Type) could render as a page. Only the first bytes are looked at, as sniffers do, and only tags followed by a
/// space or <c>&gt;</c>, so compressed pixel data practically never matches by chance.
/// </summary>
internal static class ActiveContentScan
{
    /// <summary>How far sniffers look (the WHATWG sniffing algorithm reads at most 1,445 bytes; older browsers 256 to 1,024).</summary>
    public const int ScannedBytes = 1445;

    // The WHATWG "text/html" sniffing patterns, without the one- and two-letter tags (<a, <b, <p, <br, <h1), which would
    // match by chance too often in the binary header bytes of real images.
    private static readonly byte[][] Tags = [.. new[]
    {
        "<!doctype html", "<html", "<head", "<script", "<iframe", "<div", "<font", "<table", "<style", "<title", "<body",
        "<svg", "<img", "<object", "<embed",
    }.Select(Encoding.ASCII.GetBytes)];

    private static readonly byte[] Comment = "<!--"u8.ToArray();

    /// <summary>The first HTML tag found in the stream's first <see cref="ScannedBytes"/> bytes, or null.</summary>
    public static string? FindMarkup(Stream content)
    {
        content.Position = 0;
        byte[] head = new byte[(int)Math.Min(ScannedBytes, content.Length)];
        content.ReadExactly(head);
        for (int at = head.AsSpan().IndexOf((byte)'<'); at >= 0; at = NextOpen(head, at))
        {
            var rest = head.AsSpan(at);
            if (rest.StartsWith(Comment))
            {
                return "<!--";
            }

            foreach (byte[] tag in Tags)
            {
                if (rest.Length > tag.Length && Ascii.EqualsIgnoreCase(rest[..tag.Length], tag) && rest[tag.Length] is (byte)' ' or (byte)'>' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'/')
                {
                    return Encoding.ASCII.GetString(tag);
                }
            }
        }

        return null;
    }

    private static int NextOpen(byte[] head, int after)
    {
        int next = head.AsSpan(after + 1).IndexOf((byte)'<');
        return next < 0 ? -1 : after + 1 + next;
    }
}
