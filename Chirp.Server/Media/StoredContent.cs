namespace Chirp.Server.Media;

/// <summary>A stored content opened for reading. Disposing it disposes the stream.</summary>
/// <param name="Stream">The bytes, from the start.</param>
/// <param name="Length">The length in bytes.</param>
/// <param name="Version">Changes whenever the stored bytes may have (a file's length and write time, an object's ETag):
/// what <see cref="ContentVerifier"/> remembers as checked.</param>
/// <param name="MimeType">The type stored with the bytes (a bucket keeps it), or null (a directory does not).</param>
/// <param name="CanRewind">Whether the stream can go back to its start after being read through (a file can; a network
/// body is opened again instead).</param>
internal sealed record StoredContent(Stream Stream, long Length, string Version, string? MimeType, bool CanRewind) : IDisposable
{
    public void Dispose() => Stream.Dispose();
}
