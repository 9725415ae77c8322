namespace Chirp.Server.Media;

/// <summary>
/// Stored bytes opened for serving. Dispose it, or hand <see cref="Stream"/> to a response (<c>Results.File</c>), which
/// disposes the stream.
/// </summary>
public sealed record MediaContent(Stream Stream, string MimeType, string ContentHash, long Length) : IDisposable
{
    public void Dispose() => Stream.Dispose();
}
