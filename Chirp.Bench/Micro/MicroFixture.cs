using Chirp.Bench.Data;
using Chirp.Bench.Support;

namespace Chirp.Bench.Micro;

/// <summary>What the micro benchmarks share: a scratch engine with accounts, and real tweet texts from the corpus.</summary>
internal static class MicroFixture
{
    /// <summary>How many corpus texts the benchmarks cycle through.</summary>
    public const int TextCount = 20_000;

    public static string[] LoadTexts() => TweetCorpusFile.Default().LoadValidTexts(TextCount);

    /// <summary>Creates <paramref name="count"/> tweets by the given authors with corpus texts, many calls in flight.</summary>
    public static async Task<long[]> CreateTweetsAsync(ScratchEngine scratch, long[] authors, string[] texts, int count)
    {
        var ids = new long[count];
        const int Loops = 32;
        var loops = new Task[Loops];
        for (int loop = 0; loop < Loops; loop++)
        {
            int first = loop;
            loops[loop] = Task.Run(async () =>
            {
                for (int i = first; i < count; i += Loops)
                {
                    var tweet = await scratch.Engine.CreateTweetAsync(authors[i % authors.Length], texts[i % texts.Length]).ConfigureAwait(false);
                    ids[i] = tweet.Id;
                }
            });
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        return ids;
    }
}
