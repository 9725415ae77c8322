using System.Globalization;

namespace Chirp.Engine.Search;

/// <summary>
/// Where a search page ends, in the order of its sort: for recency the last tweet id (so a Mastodon <c>max_id</c> is a
/// cursor as it is), for relevance "r", the score's bits in hex, "." and the id. Every tweet has one place in either
/// order, so the next page starts right after it whatever was indexed meanwhile.
/// </summary>
internal readonly record struct SearchCursor(float Score, long Id)
{
    private const string Field = "cursor";

    public static SearchCursor? Parse(string? text, SearchSort sort)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (sort == SearchSort.Recent)
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0
                ? new SearchCursor(0, id)
                : throw ChirpException.Invalid(Field, "A recency cursor is a tweet id.");
        }

        int dot = text.IndexOf('.');
        if (text[0] != 'r' || dot < 2
            || !int.TryParse(text.AsSpan(1, dot - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int bits)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long after)
            || after <= 0
            || !float.IsFinite(BitConverter.Int32BitsToSingle(bits)))
        {
            throw ChirpException.Invalid(Field, "This cursor was not made by a relevance search.");
        }

        return new SearchCursor(BitConverter.Int32BitsToSingle(bits), after);
    }

    public string Format(SearchSort sort) => sort == SearchSort.Recent
        ? Id.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"r{BitConverter.SingleToInt32Bits(Score):x8}.{Id}");
}
