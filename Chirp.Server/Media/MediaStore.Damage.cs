using System.Security.Cryptography;

namespace Chirp.Server.Media;

// Serving content only when its bytes match their hash; damaged and missing content quarantined and logged.
public sealed partial class MediaStore
{
    /// <summary>As <see cref="OpenContentAsync"/>, waiting for it.</summary>
    public MediaContent? OpenContent(string contentHash) => OpenContentAsync(contentHash, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Opens stored content for serving, with its MIME type; null when there is none to serve: in a directory of its own,
    /// when no record uses that hash; in a shared bucket, when no object has it (records of other nodes cannot be
    /// checked at each request); and when it is not a well-formed hash, so a request path never reaches the storage.
    /// </summary>
    /// <remarks>
    /// The bytes are checked against the hash before they are served (once per content, version and process, see
    /// <see cref="ContentVerifier"/>; a bucket's object is read twice the first time, to check and to serve). Damaged
    /// content is moved to <c>quarantine/</c> and logged as an error; content a record uses that is missing from a
    /// directory is reported, once. The answer is null either way, so damaged bytes are never served under their strong ETag.
    /// </remarks>
    /// <exception cref="MediaStorageException">The bucket failed the read.</exception>
    public async Task<MediaContent?> OpenContentAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        if (!ContentHash.IsValid(contentHash))
        {
            return null;
        }

        string? recordedType = null;
        if (_shared is null)
        {
            lock (_gate)
            {
                if (!_references.TryGetValue(contentHash, out var reference))
                {
                    return null;
                }

                recordedType = reference.MimeType;
            }
        }

        // Twice at most: a network body is hashed through, then opened again to be served.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var stored = await _content.TryOpenAsync(contentHash, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                if (_shared is null)
                {
                    ReportMissing(contentHash);
                }

                return null;
            }

            string? mimeType = recordedType ?? stored.MimeType;
            if (mimeType is null || !ImageFormats.IsStoredMimeType(mimeType))
            {
                // An object the store did not write (no image type on it): not served.
                stored.Dispose();
                return null;
            }

            if (_verifier.IsKnownIntact(contentHash, stored.Version))
            {
                return new MediaContent(stored.Stream, mimeType, contentHash, stored.Length);
            }

            string actualHash;
            try
            {
                actualHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stored.Stream, cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                stored.Dispose();
                throw;
            }

            if (actualHash != contentHash)
            {
                stored.Dispose();
                _verifier.Forget(contentHash);
                QuarantineContent(contentHash, actualHash);
                return null;
            }

            _verifier.MarkIntact(contentHash, stored.Version);
            if (stored.CanRewind)
            {
                stored.Stream.Position = 0;
                return new MediaContent(stored.Stream, mimeType, contentHash, stored.Length);
            }

            stored.Dispose();
        }

        // Checked, then found with another version when opened again: replaced while being read; the next request retries.
        return null;
    }

    private Action<string, string> QuarantineDamaged(string kind) => (location, reason) =>
    {
        string moved = _records.Quarantine(location, kind);
        _logger.LogError("The media store file {Path} is damaged ({Reason}); it was moved to {QuarantinePath} and is left out", location, reason, moved);
    };

    private void QuarantineContent(string hash, string actualHash)
    {
        string location = _content.Describe(hash);
        if (_content.Quarantine(hash) is not { } moved)
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
            hash, location, actualHash, moved);
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

        _logger.LogError("Media content {ContentHash} is missing at {Path}; its media answer 404", hash, _content.Describe(hash));
    }
}
