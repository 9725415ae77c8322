namespace Chirp.Server.Media;

/// <summary>
/// Where the per-upload records and the attach journal live: the local directory (<see cref="FileRecordStorage"/>) or an
/// S3 bucket (<see cref="S3RecordStorage"/>). A location is a path or an object key, used in log lines and to quarantine
/// or delete what was read from it.
/// </summary>
internal interface IMediaRecordStorage
{
    /// <summary>Writes (creates or replaces) a record, atomically: a reader sees the old one or the new one whole.</summary>
    void Write(MediaRecord record);

    /// <summary>Deletes records, durably; a missing one is no error.</summary>
    void Delete(IEnumerable<long> ids);

    /// <summary>
    /// The record of an id, or null when there is none. An unreadable one is handed to <paramref name="damaged"/> (its
    /// location and why) and answered as none.
    /// </summary>
    MediaRecord? TryRead(long id, Action<string, string> damaged);

    /// <summary>Every readable record; an unreadable one is handed to <paramref name="damaged"/> and left out.</summary>
    IEnumerable<MediaRecord> LoadAll(Action<string, string> damaged);

    /// <summary>Writes an attach intent; returns its location, for <see cref="DeleteIntent"/>.</summary>
    string WriteIntent(AttachIntent intent);

    void DeleteIntent(string location);

    /// <summary>Every readable attach intent; an unreadable one is handed to <paramref name="damaged"/> and left out.</summary>
    IEnumerable<(string Location, AttachIntent Intent)> LoadIntents(Action<string, string> damaged);

    /// <summary>Moves a damaged record or intent (<paramref name="kind"/>: records, journal) aside; returns where it went.</summary>
    string Quarantine(string location, string kind);
}
