namespace Chirp.Server.Media;

/// <summary>
/// The <c>quarantine/</c> folder: damaged files are moved there, never deleted, so an operator can look at them and
/// restore what can be saved. Each keeps its name with a unique suffix, under the folder it came from (content, records,
/// journal).
/// </summary>
internal sealed class MediaQuarantine(string root)
{
    /// <summary>Moves a file into quarantine; returns where it went.</summary>
    public string Move(string path, string kind)
    {
        string folder = Path.Combine(root, kind);
        DurableFiles.CreateDirectory(folder);
        string target = Path.Combine(folder, $"{Path.GetFileName(path)}.{DateTime.UtcNow:yyyyMMddTHHmmssZ}.{Guid.NewGuid():N}");
        DurableFiles.MoveDurably(path, target);
        return target;
    }
}
