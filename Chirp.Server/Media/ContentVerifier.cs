using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Chirp.Server.Media;

/// <summary>
/// Checks that stored content still hashes to its name before it is served, so a damaged file is never sent under a
/// strong ETag it no longer matches. Each file is hashed once per process and version (its length and last write time);
/// a change on disk that keeps both (bit rot under an unchanged inode) is only seen after a restart.
/// </summary>
internal sealed class ContentVerifier
{
    private readonly ConcurrentDictionary<string, (long Length, DateTime LastWriteUtc)> _verified = new(StringComparer.Ordinal);

    /// <summary>Whether the open file's bytes hash to <paramref name="hash"/>; leaves the stream at its start.</summary>
    public bool IsIntact(string hash, string path, FileStream stream, out string actualHash)
    {
        var version = (stream.Length, File.GetLastWriteTimeUtc(path));
        if (_verified.TryGetValue(hash, out var known) && known == version)
        {
            actualHash = hash;
            return true;
        }

        actualHash = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = 0;
        if (actualHash != hash)
        {
            _verified.TryRemove(hash, out _);
            return false;
        }

        _verified[hash] = version;
        return true;
    }

    public void Forget(string hash) => _verified.TryRemove(hash, out _);
}
