using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>The queries of one form (word, phrase, hashtag...) that the <c>search</c> benchmark cycles through.</summary>
/// <param name="Form">The form's name, as printed.</param>
/// <param name="Example">The form as written in the query language, e.g. <c>"word word"</c>.</param>
/// <param name="Request">The request every query of the set is run with (sort and page size).</param>
/// <param name="Queries">The distinct queries kept: each returned at least one tweet when drawn.</param>
/// <param name="Drawn">Distinct candidate queries drawn and run once to find the ones kept.</param>
/// <param name="ZeroHits">Candidates that returned nothing and were left out.</param>
public sealed record SearchQuerySet(string Form, string Example, SearchRequest Request, string[] Queries, int Drawn, int ZeroHits);
