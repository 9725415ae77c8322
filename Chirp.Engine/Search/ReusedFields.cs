using Lucene.Net.Documents;

namespace Chirp.Engine.Search;

/// <summary>
/// One document's fields, made once and refilled for every document: a new Lucene field builds a new token stream and
/// attribute set for each document, which made field setup (and a global lock inside Lucene.Net behind it) most of
/// the indexing cost. Indexer thread only.
/// </summary>
internal sealed class ReusedFields
{
    private readonly Document _document = [];
    private readonly Dictionary<string, List<StringField>> _strings = [];
    private readonly Dictionary<string, int> _used = [];
    private readonly Dictionary<string, NumericDocValuesField> _numbers = [];
    private readonly Dictionary<string, Int64Field> _ranges = [];
    private readonly TokenListStream _words = new();
    private readonly TextField _text;

    public ReusedFields()
    {
        _text = new TextField(SearchFields.Text, _words);
    }

    /// <summary>Empties the document for the next record.</summary>
    public Document Start()
    {
        _document.Fields.Clear();
        _used.Clear();
        return _document;
    }

    public void AddString(string name, string value)
    {
        if (!_strings.TryGetValue(name, out var pool))
        {
            _strings[name] = pool = [];
        }

        int next = _used.GetValueOrDefault(name);
        if (next == pool.Count)
        {
            pool.Add(new StringField(name, value, Field.Store.NO));
        }
        else
        {
            pool[next].SetStringValue(value);
        }

        _used[name] = next + 1;
        _document.Add(pool[next]);
    }

    /// <summary>A number kept for sorting (doc values).</summary>
    public void AddSortValue(string name, long value)
    {
        if (_numbers.TryGetValue(name, out var field))
        {
            field.SetInt64Value(value);
        }
        else
        {
            _numbers[name] = field = new NumericDocValuesField(name, value);
        }

        _document.Add(field);
    }

    /// <summary>A number indexed for range queries.</summary>
    public void AddRangeValue(string name, long value)
    {
        if (_ranges.TryGetValue(name, out var field))
        {
            field.SetInt64Value(value);
        }
        else
        {
            _ranges[name] = field = new Int64Field(name, value, Field.Store.NO);
        }

        _document.Add(field);
    }

    /// <summary>The words of the text, analysed already.</summary>
    public void AddWords(IReadOnlyList<SearchToken> tokens)
    {
        _words.Use(tokens);
        _document.Add(_text);
    }
}
