namespace Chirp.Server.Media;

/// <summary>What one <see cref="MediaStore.ExpireUnattached(TimeSpan, DateTimeOffset)"/> run deleted.</summary>
public readonly record struct MediaExpiry(int RecordsDeleted, int ContentFilesDeleted);
