namespace Chirp.Server.Backup;

/// <summary>A backup that was not started, and why; nothing was written.</summary>
public sealed class BackupRefusedException(BackupRefusal reason, string message) : Exception(message)
{
    public BackupRefusal Reason { get; } = reason;
}
