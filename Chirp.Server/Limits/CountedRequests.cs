using Microsoft.Extensions.Caching.Memory;

namespace Chirp.Server.Limits;

/// <summary>
/// The request ids (from Idempotency-Key) whose posts were already counted against a posting limit, for a day, as the
/// engine keeps its request records: a retry returns the first status and must neither spend a second permit nor be
/// refused once the limit is spent. Bounded: past <see cref="Capacity"/> ids the cache evicts, and a retry of an
/// evicted id (or one made after a restart) is counted again, which costs the client a permit, never a duplicate.
/// </summary>
public sealed class CountedRequests : IDisposable
{
    public const int Capacity = 200_000;

    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private readonly MemoryCache _ids = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool Contains(Guid requestId) => requestId != Guid.Empty && _ids.TryGetValue(requestId, out _);

    public void Add(Guid requestId)
    {
        if (requestId != Guid.Empty)
        {
            _ids.Set(requestId, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Retention });
        }
    }

    public void Dispose() => _ids.Dispose();
}
