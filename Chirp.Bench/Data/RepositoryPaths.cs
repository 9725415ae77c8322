namespace Chirp.Bench.Data;

/// <summary>
/// Finds the repository root (the directory holding Chirp.sln) and the shared data directory next to it
/// (<c>&lt;repo&gt;/../shared/data</c>). Set <c>CHIRP_DATA_DIR</c> to use another data directory.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "Chirp.sln";

    /// <summary>The environment variable that overrides <see cref="DataDirectory"/>.</summary>
    public const string DataDirectoryVariable = "CHIRP_DATA_DIR";

    /// <summary>The nearest directory at or above the working directory (or else the executable) holding Chirp.sln.</summary>
    public static string RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No {SolutionFileName} found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }

    /// <summary>The shared data directory: <c>$CHIRP_DATA_DIR</c> if set, else <c>&lt;repo&gt;/../shared/data</c>.</summary>
    public static string DataDirectory()
    {
        string? overridden = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        return string.IsNullOrWhiteSpace(overridden)
            ? Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"))
            : Path.GetFullPath(overridden);
    }

    /// <summary>A file in the shared data directory.</summary>
    public static string DataFile(string fileName) => Path.Combine(DataDirectory(), fileName);

    /// <summary>
    /// Resolves a path given on the command line: absolute paths are kept, relative ones are taken relative to the
    /// repository root (so <c>../shared/data/x</c> works from any working directory).
    /// </summary>
    public static string ResolveFromRepository(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(RepositoryRoot(), path));
}
