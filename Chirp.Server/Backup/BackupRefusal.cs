namespace Chirp.Server.Backup;

/// <summary>Why a backup was not started.</summary>
public enum BackupRefusal
{
    /// <summary>Another backup is running.</summary>
    AlreadyRunning,

    /// <summary>The target is not an absolute path.</summary>
    InvalidDirectory,

    /// <summary>The target holds something already.</summary>
    DirectoryNotEmpty,
}
