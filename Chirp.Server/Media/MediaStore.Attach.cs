namespace Chirp.Server.Media;

// Attaching media to statuses: claims before a status is written, the journaled attach, and deletes with the status.
public sealed partial class MediaStore
{
    /// <summary>
    /// Marks media as attached to a status, which stops them from expiring. All are checked before any changes: each must
    /// exist, belong to <paramref name="ownerId"/> and be unattached or attached to this same status (attaching again
    /// changes nothing). The change is journaled first, so a crash leaves all of them attached or, if it struck before the
    /// journal was written, none.
    /// </summary>
    /// <returns>The records, in the order of the (distinct) ids given.</returns>
    /// <exception cref="MediaException"><c>not_found</c>, <c>forbidden</c> or <c>already_attached</c>; nothing changed then.</exception>
    /// <exception cref="IOException">Writing failed after the journal entry was: the attach stands in memory and is
    /// completed on disk at the next open.</exception>
    public IReadOnlyList<MediaRecord> MarkAttached(IReadOnlyCollection<long> mediaIds, long statusId, long ownerId)
    {
        ArgumentNullException.ThrowIfNull(mediaIds);
        lock (_gate)
        {
            return AttachLocked([.. mediaIds.Distinct()], statusId, ownerId, Guid.Empty, claim: null);
        }
    }

    /// <summary>
    /// Reserves media for a status about to be written, so that two posts naming the same media cannot both succeed:
    /// the first claim wins and a second fails here, before anything is written. Each media must exist, belong to
    /// <paramref name="ownerId"/>, be unclaimed, and be unattached, or attached to <paramref name="statusId"/> (the
    /// status being edited), or attached by an earlier request with the same <paramref name="requestId"/> (a retry).
    /// Confirm the claim once the status is written; dispose it in any case.
    /// </summary>
    /// <exception cref="MediaException"><c>not_found</c>, <c>forbidden</c> or <c>already_attached</c>; nothing is claimed then.</exception>
    public MediaClaim Claim(IReadOnlyCollection<long> mediaIds, long ownerId, Guid requestId = default, long? statusId = null)
    {
        ArgumentNullException.ThrowIfNull(mediaIds);
        long[] ids = [.. mediaIds.Distinct()];
        lock (_gate)
        {
            var reserved = new List<long>(ids.Length);
            foreach (long id in ids)
            {
                var record = OwnedRecord(id, ownerId);
                if (_claims.ContainsKey(id))
                {
                    throw new MediaException(MediaErrorCode.AlreadyAttached, $"Media {id} is being attached to another status.");
                }

                if (record.AttachedStatusId is not long attachedTo)
                {
                    reserved.Add(id);
                }
                else if (attachedTo != statusId && (requestId == Guid.Empty || record.AttachedRequestId != requestId))
                {
                    throw new MediaException(MediaErrorCode.AlreadyAttached, $"Media {id} is already attached to status {attachedTo}.");
                }
            }

            var claim = new MediaClaim(this, ownerId, requestId, ids, reserved);
            foreach (long id in reserved)
            {
                _claims.Add(id, claim);
            }

            return claim;
        }
    }

    /// <summary>
    /// Deletes the records of media attached to a status (those of <paramref name="mediaIds"/> that are; others are left
    /// alone), and at once every content file no record uses any more, so their URLs answer 404. For a deleted status,
    /// and for media an edit removed.
    /// </summary>
    /// <returns>How many records were deleted.</returns>
    public int DeleteAttached(long statusId, IEnumerable<long> mediaIds)
    {
        ArgumentNullException.ThrowIfNull(mediaIds);
        List<MediaRecord> deleted;
        lock (_gate)
        {
            deleted = [.. mediaIds.Distinct().Select(id => Find(id, fresh: true)).OfType<MediaRecord>().Where(r => r.AttachedStatusId == statusId)];
            foreach (var record in deleted)
            {
                Forget(record.Id);
                Unpin(record.ContentHash);
            }
        }

        // Records first, durably, as expiry does: a crash in between leaves only content nothing uses.
        _records.Delete(deleted.Select(r => r.Id));
        if (_shared is null)
        {
            // In a shared bucket another node's record may use the same content: the expiry sweep deletes it once none does.
            DeleteUnreferencedContent(deleted.Select(r => r.ContentHash).Distinct());
        }

        return deleted.Count;
    }

    internal IReadOnlyList<MediaRecord> Confirm(MediaClaim claim, long statusId)
    {
        lock (_gate)
        {
            try
            {
                return AttachLocked([.. claim.MediaIds], statusId, claim.OwnerId, claim.RequestId, claim);
            }
            finally
            {
                ReleaseLocked(claim);
            }
        }
    }

    internal void Release(MediaClaim claim)
    {
        lock (_gate)
        {
            ReleaseLocked(claim);
        }
    }

    /// <summary>Attaches under the lock. Media claimed by another claim than <paramref name="claim"/> are refused.</summary>
    private List<MediaRecord> AttachLocked(long[] ids, long statusId, long ownerId, Guid requestId, MediaClaim? claim)
    {
        var toAttach = new List<MediaRecord>(ids.Length);
        var result = new List<MediaRecord>(ids.Length);
        foreach (long id in ids)
        {
            var record = OwnedRecord(id, ownerId);
            if (_claims.TryGetValue(id, out var holder) && holder != claim)
            {
                throw new MediaException(MediaErrorCode.AlreadyAttached, $"Media {id} is being attached to another status.");
            }

            if (record.AttachedStatusId is long other && other != statusId)
            {
                throw new MediaException(MediaErrorCode.AlreadyAttached, $"Media {id} is already attached to status {other}.");
            }

            if (record.AttachedStatusId is null)
            {
                var attached = record with { AttachedStatusId = statusId, AttachedRequestId = requestId == Guid.Empty ? null : requestId };
                toAttach.Add(attached);
                result.Add(attached);
            }
            else
            {
                result.Add(record);
            }
        }

        if (toAttach.Count > 0)
        {
            string intent = _records.WriteIntent(new AttachIntent(statusId, [.. toAttach.Select(r => r.Id)], requestId == Guid.Empty ? null : requestId));
            foreach (var record in toAttach)
            {
                Remember(record);
            }

            foreach (var record in toAttach)
            {
                _records.Write(record);
            }

            _records.DeleteIntent(intent);
        }

        return result;
    }

    private void ReleaseLocked(MediaClaim claim)
    {
        foreach (long id in claim.ReservedIds)
        {
            if (_claims.TryGetValue(id, out var holder) && holder == claim)
            {
                _claims.Remove(id);
            }
        }
    }

    private void CompleteJournaledAttaches()
    {
        // With a shared bucket, any node that opens completes an intent left by a node that stopped halfway (or one in
        // flight on another node: applying it twice changes nothing).
        foreach (var (location, intent) in _records.LoadIntents(QuarantineDamaged("journal")).ToList())
        {
            foreach (long id in intent.MediaIds)
            {
                if (Find(id, fresh: true) is { AttachedStatusId: null } record)
                {
                    var attached = record with { AttachedStatusId = intent.StatusId, AttachedRequestId = intent.RequestId };
                    _records.Write(attached);
                    Remember(attached);
                }
            }

            _records.DeleteIntent(location);
        }
    }
}
