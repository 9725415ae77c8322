namespace Chirp.Server.Media;

// Serving content only when its bytes match their hash; damaged and missing files quarantined and logged.
public sealed partial class MediaStore
{
    /// <summary>
    /// Opens stored content for serving, with its MIME type; null when no record uses that hash (or it is not a
    /// well-formed hash, so a request path never reaches the file system).
    /// </summary>
    /// <remarks>
    /// The bytes are checked against the hash before they are served (once per file and process, see
    /// <see cref="ContentVerifier"/>). Damaged content is moved to <c>quarantine/</c> and missing content reported, both
    /// logged as errors; the answer is null either way, so a damaged file is never served under its strong ETag.
    /// </remarks>
    public MediaContent? OpenContent(string contentHash)
    {
        if (!ContentHash.IsValid(contentHash))
        {
            return null;
        }

        string mimeType;
        lock (_gate)
        {
            if (!_references.TryGetValue(contentHash, out var reference))
            {
                return null;
            }

            mimeType = reference.MimeType;
        }

        var stream = _content.TryOpen(contentHash);
        if (stream is null)
        {
            ReportMissing(contentHash);
            return null;
        }

        string actualHash;
        bool intact;
        try
        {
            intact = _verifier.IsIntact(contentHash, _content.PathOf(contentHash), stream, out actualHash);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        if (!intact)
        {
            stream.Dispose();
            QuarantineContent(contentHash, actualHash);
            return null;
        }

        return new MediaContent(stream, mimeType, contentHash, stream.Length);
    }

    private Action<string, string> QuarantineDamaged(string kind) => (path, reason) =>
    {
        string moved = _quarantine.Move(path, kind);
        _logger.LogError("The media store file {Path} is damaged ({Reason}); it was moved to {QuarantinePath} and is left out", path, reason, moved);
    };

    private void QuarantineContent(string hash, string actualHash)
    {
        string path = _content.PathOf(hash);
        string moved;
        try
        {
            moved = _quarantine.Move(path, "content");
        }
        catch (FileNotFoundException)
        {
            // Another request found it damaged first and moved it.
            return;
        }

        lock (_gate)
        {
            _reportedMissing.Add(hash);
        }

        _logger.LogError(
            "Media content {ContentHash} at {Path} is damaged: its bytes hash to {ActualHash}. It was moved to {QuarantinePath}; its media answer 404 until the same image is uploaded again",
            hash, path, actualHash, moved);
    }

    private void ReportMissing(string hash)
    {
        lock (_gate)
        {
            if (!_reportedMissing.Add(hash))
            {
                return;
            }
        }

        _logger.LogError("Media content {ContentHash} is missing at {Path}; its media answer 404", hash, _content.PathOf(hash));
    }
}
