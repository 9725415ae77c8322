namespace Chirp.Server.Media;

/// <summary>
/// Media reserved for a status about to be written (<see cref="MediaStore.Claim"/>): until <see cref="Confirm"/>
/// attaches them or <see cref="Dispose"/> lets them go, no other post can claim or attach them and expiry keeps them.
/// Claims live in memory only, so a process that dies holds none.
/// </summary>
public sealed class MediaClaim : IDisposable
{
    private readonly MediaStore _store;

    internal MediaClaim(MediaStore store, long ownerId, Guid requestId, IReadOnlyList<long> mediaIds, IReadOnlyList<long> reservedIds)
    {
        _store = store;
        OwnerId = ownerId;
        RequestId = requestId;
        MediaIds = mediaIds;
        ReservedIds = reservedIds;
    }

    /// <summary>Every media the status will have, in order (distinct).</summary>
    public IReadOnlyList<long> MediaIds { get; }

    internal long OwnerId { get; }

    internal Guid RequestId { get; }

    /// <summary>The unattached media this claim reserved; the rest were attached to the status already (an edit, a retry).</summary>
    internal IReadOnlyList<long> ReservedIds { get; }

    /// <summary>Attaches the media to the status just written; the claim ends.</summary>
    /// <exception cref="MediaException"><c>already_attached</c>: a media the claim did not reserve is attached to another status.</exception>
    public IReadOnlyList<MediaRecord> Confirm(long statusId) => _store.Confirm(this, statusId);

    /// <summary>Lets the media go if the claim was not confirmed (the status write failed); does nothing after <see cref="Confirm"/>.</summary>
    public void Dispose() => _store.Release(this);
}
