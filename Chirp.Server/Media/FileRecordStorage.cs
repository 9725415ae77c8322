namespace Chirp.Server.Media;

/// <summary>The records and attach journal of the local directory: <c>records/</c> and <c>journal/</c>, damaged files moved to <c>quarantine/</c>.</summary>
internal sealed class FileRecordStorage(RecordFiles records, AttachJournal journal, MediaQuarantine quarantine) : IMediaRecordStorage
{
    public void Write(MediaRecord record) => records.Write(record);

    public void Delete(IEnumerable<long> ids) => records.Delete(ids);

    public MediaRecord? TryRead(long id, Action<string, string> damaged) => records.TryRead(id, damaged);

    public IEnumerable<MediaRecord> LoadAll(Action<string, string> damaged) => records.LoadAll(damaged);

    public string WriteIntent(AttachIntent intent) => journal.Write(intent);

    public void DeleteIntent(string location) => AttachJournal.Delete(location);

    public IEnumerable<(string Location, AttachIntent Intent)> LoadIntents(Action<string, string> damaged) => journal.LoadAll(damaged);

    public string Quarantine(string location, string kind) => quarantine.Move(location, kind);
}
