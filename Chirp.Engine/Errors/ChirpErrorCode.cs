namespace Chirp.Engine;

/// <summary>Stable error codes. The string forms (see <see cref="ChirpException.Code"/>) never change once shipped.</summary>
public enum ChirpErrorCode
{
    /// <summary>An argument broke a validation rule; <see cref="ChirpException.Field"/> names it.</summary>
    Validation,

    /// <summary>The account, tweet or edge does not exist (or was deleted).</summary>
    NotFound,

    /// <summary>The actor may not do this, for example edit another user's tweet.</summary>
    Forbidden,

    /// <summary>A uniqueness rule would be broken, for example a taken username.</summary>
    Conflict,

    /// <summary>The data directory was written in a format this version cannot read.</summary>
    UnsupportedFormat,

    /// <summary>The options do not match the data directory, for example a different shard count.</summary>
    OptionsMismatch,

    /// <summary>The call needs a feature the engine was opened without, for example search.</summary>
    Disabled,

    /// <summary>
    /// A shard failed to apply a write group (a bug or a storage error, not a refusal): nothing of the group was
    /// stored, the shard restarted from its last applied entry, and later writes go on. The message names the shard
    /// and the command. Retrying the call may succeed.
    /// </summary>
    ShardFailed,

    /// <summary>The change-feed entries asked for were trimmed; the message names the lowest position still kept.</summary>
    FeedTrimmed,

    /// <summary>
    /// A database file (a write-ahead log, a table, the manifest) failed its checksums when opened; the message names
    /// the database and the file and says how to recover (<see cref="DamageRecovery"/>).
    /// </summary>
    StorageDamaged,

    /// <summary>A checkpoint or backup is incomplete or damaged: a manifest or file is missing, or a size or checksum differs.</summary>
    DamagedCheckpoint,

    /// <summary>
    /// This node does not lead the shard's replicated log, so it cannot order a write there; the message names the
    /// shard. Nothing was written: send the write to the leader (a cluster node forwards it), or retry.
    /// </summary>
    NotLeader,

    /// <summary>
    /// A write reached the shard's replicated log but this node lost the lead before it knew whether the entry was
    /// committed: it may or may not be applied. Retrying with the same request id is safe (it is applied once).
    /// </summary>
    WriteOutcomeUnknown,
}
