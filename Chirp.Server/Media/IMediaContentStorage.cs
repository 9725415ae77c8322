namespace Chirp.Server.Media;

/// <summary>
/// Where the content bytes live, by their SHA-256: the local directory (<see cref="FileContentStorage"/>) or an S3
/// bucket (<see cref="S3ContentStorage"/>). Content is immutable: a hash always names the same bytes, so writing it
/// again is harmless and a reader never sees it change.
/// </summary>
internal interface IMediaContentStorage
{
    /// <summary>Where a content is, for log lines (a path or an <c>s3://</c> address).</summary>
    string Describe(string hash);

    /// <summary>
    /// Makes a staged file (complete and flushed) the content of <paramref name="hash"/>. The caller deletes the staged
    /// file afterwards if it is still there (a directory moves it; a bucket copies it).
    /// </summary>
    Task InstallAsync(string stagedFile, string hash, string mimeType, CancellationToken cancellationToken);

    /// <summary>The content opened for reading, or null when it is not there.</summary>
    Task<StoredContent?> TryOpenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Deletes a content; false when it was not there.</summary>
    bool Delete(string hash);

    /// <summary>Every stored content with its last write time; anything there that is not named by a hash is left out.</summary>
    IEnumerable<(string Hash, DateTimeOffset LastWrite)> Enumerate();

    /// <summary>Moves a damaged content aside (never deletes it); returns where it went, or null when it was gone already.</summary>
    string? Quarantine(string hash);

    /// <summary>Writes a content into a (new) file, for a backup; false when it is not there.</summary>
    bool CopyTo(string hash, string targetFile);
}
