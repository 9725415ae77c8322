namespace Chirp.Engine;

/// <summary>
/// A repair that opening a database made, reported to <see cref="ChirpEngineOptions.OnStorageRecovery"/>: which
/// database, what kind of repair, and in <see cref="Message"/> the files and how much was dropped, as far as RocksDB
/// can tell.
/// </summary>
public sealed class StorageRecovery
{
    internal StorageRecovery(string database, StorageRecoveryKind kind, string message)
    {
        Database = database;
        Kind = kind;
        Message = message;
    }

    /// <summary>The database that was repaired, for example <c>shard 2 (/data/engine/shard-0002)</c>.</summary>
    public string Database { get; }

    /// <summary>What was repaired; <see cref="StorageRecoveryKind.TornLogTail"/> lost nothing acknowledged, the others did.</summary>
    public StorageRecoveryKind Kind { get; }

    /// <summary>What was dropped and where a copy of the damaged file was kept, for people.</summary>
    public string Message { get; }

    /// <summary>Whether acknowledged data may have been lost (every kind but a torn log tail).</summary>
    public bool LostAcknowledgedData => Kind != StorageRecoveryKind.TornLogTail;
}
