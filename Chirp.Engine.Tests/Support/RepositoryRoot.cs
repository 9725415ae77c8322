namespace Chirp.Engine.Tests.Support;

/// <summary>The repository checkout the tests run from, for tests of files shipped beside the code (docs/ops).</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Chirp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Chirp.sln was not found above the test binaries.");
    }
}
