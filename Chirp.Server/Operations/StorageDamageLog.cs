using Chirp.Engine;

namespace Chirp.Server.Operations;

/// <summary>
/// How damage found while opening the engine or the server state is logged: a refusal is critical and says how to
/// recover; a recovery that dropped data is an error; a torn log tail (nothing acknowledged lost) is a warning.
/// </summary>
public static class StorageDamageLog
{
    public static void Refused(ILogger logger, ChirpException refused) =>
        logger.LogCritical(
            "Refusing to start: {Damage} To start at the last consistent point instead, dropping the damaged data, set Chirp:RecoverFromDamage=true for one start, then remove it (docs/operations.md, \"Durability and damage\").",
            refused.Message);

    public static void Recovered(ILogger logger, StorageRecovery recovery)
    {
        if (recovery.LostAcknowledgedData)
        {
            logger.LogError("Damaged storage was recovered by dropping data: {Recovery} Remove Chirp:RecoverFromDamage now that it is open.", recovery.Message);
        }
        else
        {
            logger.LogWarning("A torn write-ahead log tail was recovered: {Recovery}", recovery.Message);
        }
    }
}
