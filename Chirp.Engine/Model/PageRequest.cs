namespace Chirp.Engine;

/// <summary>
/// A page of a list ordered newest first: entries with <see cref="SinceId"/> &lt; cursor &lt; <see cref="MaxId"/>,
/// at most <see cref="Limit"/> of them. Pass a page's <see cref="Page{T}.NextMaxId"/> as the next request's MaxId.
/// </summary>
public readonly record struct PageRequest
{
    /// <summary>The most entries one page may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 20;

    private readonly int _limit;

    /// <summary>A first page of the default size.</summary>
    public PageRequest()
    {
        _limit = DefaultLimit;
    }

    /// <summary>Exclusive upper bound on the cursor; null for the newest.</summary>
    public long? MaxId { get; init; }

    /// <summary>Exclusive lower bound on the cursor; null for no bound.</summary>
    public long? SinceId { get; init; }

    /// <summary>
    /// Exclusive lower bound for paging towards newer entries: the page is the entries just newer than this id (still
    /// returned newest first). Supported by timelines; other lists refuse it.
    /// </summary>
    public long? MinId { get; init; }

    /// <summary>1 to <see cref="MaxLimit"/>; default 20.</summary>
    public int Limit
    {
        get => _limit == 0 ? DefaultLimit : _limit;
        init => _limit = value is >= 1 and <= MaxLimit
            ? value
            : throw ChirpException.Invalid("limit", $"The page limit must be between 1 and {MaxLimit}.");
    }

    /// <summary>A first page of <paramref name="limit"/> entries.</summary>
    public static PageRequest First(int limit = DefaultLimit) => new() { Limit = limit };

    /// <summary>The page after a cursor (older entries).</summary>
    public static PageRequest Before(long maxId, int limit = DefaultLimit) => new() { MaxId = maxId, Limit = limit };
}
