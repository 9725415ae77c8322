namespace Chirp.Server.Backup;

/// <summary>
/// The layout of a backup directory, version <see cref="FormatVersion"/>: <c>engine/</c> (an engine checkpoint),
/// <c>server/</c> (a checkpoint of the server store and the token signing key), <c>media/</c> (<c>records/</c> and
/// <c>content/</c> as in the data directory) and <see cref="ManifestFileName"/>. A data directory has the same names
/// (<c>engine</c>, <c>server</c>, <c>media</c>), so restoring copies each part to its place.
/// </summary>
public static class BackupLayout
{
    public const int FormatVersion = 1;

    public const string ManifestFileName = "backup.json";

    public const string Engine = "engine";

    public const string Server = "server";

    public const string Media = "media";

    public const string SigningKeyFileName = "token-signing.key";

    /// <summary>The parts listed file by file in <see cref="BackupManifest.Files"/>.</summary>
    public static readonly string[] ListedParts = [Server, Media];
}
