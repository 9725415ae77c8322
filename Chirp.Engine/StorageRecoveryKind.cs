namespace Chirp.Engine;

/// <summary>What opening a database repaired (see <see cref="StorageRecovery"/>).</summary>
public enum StorageRecoveryKind
{
    /// <summary>
    /// The write-ahead log ended in an incomplete record, as after a power cut during a write; the record was dropped.
    /// Nothing acknowledged is lost (an acknowledged write is complete in the log). Recovered by default; worth a warning.
    /// </summary>
    TornLogTail,

    /// <summary>
    /// The write-ahead log was damaged before its end and, under <see cref="DamageRecovery.RecoverToLastConsistentPoint"/>,
    /// replayed up to the damage only: the writes after it are lost. An error.
    /// </summary>
    DamagedLogDropped,

    /// <summary>
    /// Table files failed their checksums and, under <see cref="DamageRecovery.RecoverToLastConsistentPoint"/>, were
    /// moved to <c>lost/</c> with every entry in them. An error.
    /// </summary>
    DamagedTablesDropped,
}
