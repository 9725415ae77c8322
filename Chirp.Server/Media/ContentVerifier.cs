using System.Collections.Concurrent;

namespace Chirp.Server.Media;

/// <summary>
/// Remembers which stored contents were checked to hash to their name, so that a damaged one is never sent under a
/// strong ETag it no longer matches and an intact one is hashed once per process and version (see
/// <see cref="StoredContent.Version"/>). A change on disk that keeps the version (bit rot under an unchanged inode) is
/// only seen after a restart.
/// </summary>
internal sealed class ContentVerifier
{
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);

    public bool IsKnownIntact(string hash, string version) => _verified.TryGetValue(hash, out string? known) && known == version;

    public void MarkIntact(string hash, string version) => _verified[hash] = version;

    public void Forget(string hash) => _verified.TryRemove(hash, out _);
}
