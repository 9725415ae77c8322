namespace Chirp.Server.Media;

/// <summary>How many records (and uploads in flight) use one stored content, and its type; content at zero may be deleted.</summary>
internal sealed class ContentReference(string mimeType)
{
    public string MimeType { get; } = mimeType;

    public int Count { get; set; }
}
