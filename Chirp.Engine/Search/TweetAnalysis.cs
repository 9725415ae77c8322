using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Chirp.Engine.Search;

/// <summary>
/// How tweet text becomes searchable words; indexing and queries share it, so a query word matches exactly what the
/// same word in a tweet produced.
/// </summary>
/// <remarks>
/// Words follow Unicode word boundaries (UAX #29, which also keeps URLs and e-mail addresses whole), are lower-cased
/// and folded to ASCII where a folding exists ("Café" finds "cafe"). Symbols such as emoji, which word boundaries drop,
/// are kept one per token (skin tones and variation selectors are not part of them). Hashtags and mentions are not
/// words: they have their own fields, and each leaves one empty position behind, so a phrase never runs across one.
/// One instance per thread: the tokenizer is reused.
/// </remarks>
internal sealed class TweetAnalysis
{
    [ThreadStatic]
    private static TweetAnalysis? t_current;

    private readonly UAX29URLEmailTokenizer _tokenizer;
    private readonly TokenStream _stream;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly List<TextEntity> _entities = [];
    private readonly List<(int Start, string Term)> _words = [];

    private TweetAnalysis()
    {
        _tokenizer = new UAX29URLEmailTokenizer(LuceneVersion.LUCENE_48, TextReader.Null);
        _stream = new ASCIIFoldingFilter(new LowerCaseFilter(LuceneVersion.LUCENE_48, _tokenizer));
        _term = _stream.GetAttribute<ICharTermAttribute>();
        _offset = _stream.GetAttribute<IOffsetAttribute>();
    }

    /// <summary>This thread's instance.</summary>
    public static TweetAnalysis Current => t_current ??= new TweetAnalysis();

    /// <summary>Replaces <paramref name="tokens"/> with the words of <paramref name="text"/>, in order.</summary>
    public void Tokenize(string text, List<SearchToken> tokens)
    {
        tokens.Clear();
        _entities.Clear();
        _words.Clear();
        TweetText.FindEntities(text, _entities);
        _tokenizer.SetReader(new StringReader(text));
        _stream.Reset();
        try
        {
            int scanned = 0;
            while (_stream.IncrementToken())
            {
                AddSymbols(text, scanned, _offset.StartOffset);
                _words.Add((_offset.StartOffset, _term.ToString()));
                scanned = Math.Max(scanned, _offset.EndOffset);
            }

            AddSymbols(text, scanned, text.Length);
            _stream.End();
        }
        finally
        {
            _stream.Dispose();
        }

        int position = -1;
        int entity = 0;
        foreach (var (start, term) in _words)
        {
            while (entity < _entities.Count && _entities[entity].End <= start)
            {
                position++;
                entity++;
            }

            if (entity < _entities.Count && start >= _entities[entity].Start)
            {
                continue;
            }

            tokens.Add(new SearchToken(term, ++position));
        }
    }

    /// <summary>The words of a text, for callers that do not reuse a list.</summary>
    public List<SearchToken> Tokenize(string text)
    {
        var tokens = new List<SearchToken>();
        Tokenize(text, tokens);
        return tokens;
    }

    private void AddSymbols(string text, int from, int to)
    {
        for (int i = from; i < to;)
        {
            if (!Rune.TryGetRuneAt(text, i, out var rune))
            {
                i++;
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol)
            {
                _words.Add((i, rune.ToString()));
            }

            i += rune.Utf16SequenceLength;
        }
    }
}
