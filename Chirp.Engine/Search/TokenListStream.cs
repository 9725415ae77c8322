using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Chirp.Engine.Search;

/// <summary>Hands Lucene words that <see cref="TweetAnalysis"/> already made; reusable from one document to the next.</summary>
internal sealed class TokenListStream : TokenStream
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private IReadOnlyList<SearchToken> _tokens = [];
    private int _next;

    public TokenListStream()
    {
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <summary>Sets the words of the next document.</summary>
    public TokenListStream Use(IReadOnlyList<SearchToken> tokens)
    {
        _tokens = tokens;
        _next = 0;
        return this;
    }

    public override bool IncrementToken()
    {
        if (_next >= _tokens.Count)
        {
            return false;
        }

        ClearAttributes();
        var token = _tokens[_next];
        int previous = _next == 0 ? -1 : _tokens[_next - 1].Position;
        _term.SetEmpty().Append(token.Term);
        _increment.PositionIncrement = token.Position - previous;
        _next++;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
