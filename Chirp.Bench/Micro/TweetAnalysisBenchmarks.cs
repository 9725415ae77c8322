using BenchmarkDotNet.Attributes;
using Chirp.Engine.Search;

namespace Chirp.Bench.Micro;

/// <summary>The word analysis indexing runs on every tweet, over 20,000 corpus texts in turn.</summary>
[MemoryDiagnoser]
public class TweetAnalysisBenchmarks
{
    private readonly List<SearchToken> _tokens = [];
    private string[] _texts = [];
    private int _next;

    [GlobalSetup]
    public void Setup() => _texts = MicroFixture.LoadTexts();

    [Benchmark(Description = "Analyse one tweet's text")]
    public int Analyse()
    {
        TweetAnalysis.Current.Tokenize(_texts[_next++ % _texts.Length], _tokens);
        return _tokens.Count;
    }
}
