using System.Collections.Frozen;

namespace Chirp.Server.SignUp;

/// <summary>A plain-text list shipped inside the server: one entry a line, "# " comments, compared ignoring case.</summary>
public static class WordList
{
    public static FrozenSet<string> Load(string fileName)
    {
        string resource = $"Chirp.Server.SignUp.{fileName}";
        using var stream = typeof(WordList).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded list {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var entries = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            {
                entries.Add(line);
            }
        }

        return entries.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
