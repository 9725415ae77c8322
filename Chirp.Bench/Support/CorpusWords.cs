namespace Chirp.Bench.Support;

/// <summary>
/// A simple word split of corpus texts for drawing search queries: white-space separated tokens made only of letters,
/// lower-cased, at least <see cref="MinLength"/> characters. It does not try to match the engine's analysis; a token
/// with anything but letters (punctuation, digits, '#', '@', URLs) is dropped and breaks adjacency.
/// </summary>
public static class CorpusWords
{
    public const int MinLength = 3;

    /// <summary>
    /// The tokens of <paramref name="text"/> in order, with null in place of every token that is not a word, so that
    /// two consecutive non-null entries are adjacent words of the text.
    /// </summary>
    public static string?[] Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var words = new string?[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            string token = tokens[i];
            words[i] = token.Length >= MinLength && token.All(char.IsLetter) ? token.ToLowerInvariant() : null;
        }

        return words;
    }

    /// <summary>The distinct words of <paramref name="text"/>, in order of first appearance.</summary>
    public static string[] Distinct(string text) => [.. Split(text).OfType<string>().Distinct(StringComparer.Ordinal)];
}
