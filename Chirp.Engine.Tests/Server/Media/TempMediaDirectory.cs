namespace Chirp.Engine.Tests.Server.Media;

/// <summary>A fresh temporary directory for a media store, deleted on dispose.</summary>
public sealed class TempMediaDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chirp-media-" + Guid.NewGuid().ToString("N"));

    public string[] Files(string folder) =>
        Directory.Exists(System.IO.Path.Combine(Path, folder))
            ? Directory.GetFiles(System.IO.Path.Combine(Path, folder), "*", SearchOption.AllDirectories)
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
