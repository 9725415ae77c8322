using System.Globalization;

namespace Chirp.Engine.Tests.Crash;

/// <summary>
/// What the crash writer prints on stdout, one line per event, each ending in " $" so that a line cut short by the
/// kill is recognised and ignored:
/// <list type="bullet">
/// <item><c>START &lt;accounts&gt; &lt;tweets&gt; $</c>: the writer opened the engine and found this much state.</item>
/// <item><c>ACK account &lt;id&gt; &lt;username&gt; $</c></item>
/// <item><c>ACK tweet &lt;id&gt; &lt;author&gt; &lt;text-hash&gt; $</c></item>
/// <item><c>ACK reply &lt;id&gt; &lt;author&gt; &lt;parent&gt; &lt;text-hash&gt; $</c></item>
/// <item><c>ACK like &lt;user&gt; &lt;tweet&gt; $</c></item>
/// <item><c>ACK retweet &lt;user&gt; &lt;original&gt; &lt;retweet-entry&gt; $</c></item>
/// <item><c>TRY follow|unfollow &lt;follower&gt; &lt;followee&gt; $</c>: printed before the call, so the reader knows which
/// follow state may have changed without an acknowledgement; then <c>ACK follow|unfollow &lt;follower&gt; &lt;followee&gt; $</c>.
/// The writer never has two calls in flight for the same pair.</item>
/// <item><c>FAIL &lt;operation&gt; &lt;exception&gt;</c>: a call threw (none should).</item>
/// </list>
/// A line is printed only after the awaited engine call returned, and stdout is flushed after every line.
/// </summary>
internal static class CrashProtocol
{
    public const string WriterCommand = "crash-writer";

    public const string LineEnd = "$";

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    public static string Hash(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
