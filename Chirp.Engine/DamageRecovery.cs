namespace Chirp.Engine;

/// <summary>What opening does with a damaged write-ahead log or table file (see <see cref="ChirpEngineOptions.DamageRecovery"/>).</summary>
public enum DamageRecovery
{
    /// <summary>
    /// Refuse to open: throw a <see cref="ChirpException"/> with <see cref="ChirpErrorCode.StorageDamaged"/> naming the
    /// database and the damaged file, and change nothing. The default.
    /// </summary>
    Refuse,

    /// <summary>
    /// Open at the last consistent point and report what was dropped: a damaged write-ahead log is replayed up to the
    /// damage and the rest of it is dropped; a damaged table file is moved to <c>lost/</c> with everything in it. Meant to
    /// be set for one start by an operator who has no better copy (a backup or, later, a replica), then removed.
    /// </summary>
    RecoverToLastConsistentPoint,
}
