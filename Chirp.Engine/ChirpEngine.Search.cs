using System.Globalization;
using Chirp.Engine.Search;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;

namespace Chirp.Engine;

/// <summary>
/// Search: tweets by words, phrases, hashtags, mentions, author and date; users by name prefix; hashtags by prefix.
/// Each shard keeps a Lucene index of its own tweets, fed from its change feed, so writes never wait for it; a query
/// asks every shard and merges. Results are read from the logs, so a deleted tweet never shows, even before the index
/// has caught up. Every call here fails with <see cref="ChirpErrorCode.Disabled"/> when the engine was opened with
/// <see cref="ChirpEngineOptions.IndexForSearch"/> false.
/// </summary>
public sealed partial class ChirpEngine
{
    /// <summary>The most results one search page returns.</summary>
    public const int MaxSearchLimit = 40;

    /// <summary>The default search page size.</summary>
    public const int DefaultSearchLimit = 20;

    /// <summary>The longest query, in UTF-16 characters.</summary>
    public const int MaxSearchQueryLength = 512;

    /// <summary>The most items (words, phrases, operators) in one query.</summary>
    public const int MaxSearchQueryItems = 32;

    private const int HashtagTermsPerShard = 10_000;

    /// <summary>
    /// Finds tweets. Every item of the query must match: words (matched after case and accent folding), "quoted
    /// phrases", <c>#hashtag</c> and <c>@mention</c> (never matched by the plain word), <c>from:username</c>,
    /// <c>since:2024-05-01</c> (inclusive) and <c>until:2024-05-02</c> (exclusive), <c>filter:replies</c>; a leading
    /// <c>-</c> excludes an item. Retweets show only with <c>filter:retweets</c> or <c>include:retweets</c>. Paging
    /// with <see cref="SearchPage.NextCursor"/> never skips or repeats a tweet while indexing goes on: each tweet has a
    /// fixed place in either order. A malformed query, cursor or limit is a validation error (field <c>q</c>,
    /// <c>cursor</c> or <c>limit</c>); an unknown reader is not found.
    /// </summary>
    public SearchPage SearchTweets(string query, SearchRequest? request = null)
    {
        using var pass = _gate.Enter();
        RequireSearch();
        request ??= new SearchRequest();
        var parsed = SearchQueryParser.Parse(query);
        var cursor = SearchCursor.Parse(request.Cursor, request.Sort);
        Shard? readerShard = null;
        if (request.ReaderId is { } readerId)
        {
            readerShard = OwnerOf(readerId);
            if (readerShard?.ReadUser(readerId) is null)
            {
                throw ChirpException.NotFound($"Account {readerId} does not exist.");
            }
        }

        var lucene = parsed.ToLucene();
        int wanted = request.Limit + 1;
        var hits = new List<SearchHit>(wanted * _shards.Length);
        foreach (var shard in _shards)
        {
            IndexOf(shard).Search(lucene, request.Sort, cursor, wanted, hits);
        }

        hits.Sort(SearchHit.Compare);
        bool more = hits.Count > request.Limit;
        if (more)
        {
            hits.RemoveRange(request.Limit, hits.Count - request.Limit);
        }

        var found = new List<TimelineCandidate>(hits.Count);
        foreach (var hit in hits)
        {
            if (ReadTweetRecord(hit.Id) is not { Deleted: false } tweet)
            {
                continue;
            }

            TweetRecord? original = null;
            if (tweet.RetweetOfId != 0 && (original = ReadTweetRecord(tweet.RetweetOfId)) is null or { Deleted: true })
            {
                continue;
            }

            found.Add(new TimelineCandidate(tweet, original));
        }

        var items = Hydrate(request.ReaderId ?? 0, readerShard, found);
        return new SearchPage(items, more ? hits[^1].Cursor.Format(request.Sort) : null);
    }

    /// <summary>
    /// Finds users for autocomplete: an exact username first, then usernames starting with the text (shorter first),
    /// then users whose display name has words starting with the text's words. A leading '@' and a trailing
    /// "@domain" are ignored. Limit 1 to <see cref="MaxSearchLimit"/>.
    /// </summary>
    public IReadOnlyList<Account> SearchAccounts(string text, int limit = 10)
    {
        using var pass = _gate.Enter();
        RequireSearch();
        CheckSearchLimit(limit);
        string prefix = (text ?? "").Trim().TrimStart('@', '＠');
        int domain = prefix.IndexOf('@');
        if (domain >= 0)
        {
            prefix = prefix[..domain];
        }

        if (prefix.Length == 0 || prefix.Length > MaxSearchQueryLength || !TweetText.IsWellFormed(prefix))
        {
            throw ChirpException.Invalid("q", $"Give 1 to {MaxSearchQueryLength} characters of a username or display name.");
        }

        string? username = prefix.Length <= AccountRules.MaxUsernameLength && prefix.All(TweetText.IsUsernameChar) ? prefix.ToLowerInvariant() : null;
        var words = TweetAnalysis.Current.Tokenize(prefix).Select(t => t.Term).Distinct().ToList();
        var hits = new List<UserHit>();
        foreach (var shard in _shards)
        {
            IndexOf(shard).SearchUsers(username, words, limit, hits);
        }

        hits.Sort(UserHit.Compare);
        var accounts = new List<Account>(limit);
        var seen = new HashSet<long>();
        foreach (var hit in hits)
        {
            if (accounts.Count == limit)
            {
                break;
            }

            if (seen.Add(hit.UserId) && GetAccount(hit.UserId) is { } account)
            {
                accounts.Add(account);
            }
        }

        return accounts;
    }

    /// <summary>
    /// Hashtags starting with a prefix (a leading '#' is ignored), most used first, for autocomplete. Limit 1 to
    /// <see cref="MaxSearchLimit"/>.
    /// </summary>
    public IReadOnlyList<HashtagUsage> SearchHashtags(string prefix, int limit = 10)
    {
        using var pass = _gate.Enter();
        RequireSearch();
        CheckSearchLimit(limit);
        string name = (prefix ?? "").Trim().TrimStart('#', '＃');
        if (name.Length == 0 || name.Length > MaxSearchQueryLength || !IsHashtagPrefix(name))
        {
            throw ChirpException.Invalid("q", "Give the start of a hashtag: letters, digits, marks and '_'.");
        }

        var counts = new Dictionary<string, long>();
        foreach (var shard in _shards)
        {
            IndexOf(shard).CountHashtags(name.ToLowerInvariant(), HashtagTermsPerShard, counts);
        }

        return [.. counts
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(c => new HashtagUsage(c.Key, c.Value))];
    }

    /// <summary>How far each shard's search index is behind its change feed, and its size: numbers to publish.</summary>
    public IReadOnlyList<SearchStatistics> GetSearchStatistics()
    {
        using var pass = _gate.Enter();
        RequireSearch();
        long now = NowMs();
        var statistics = new List<SearchStatistics>(_shards.Length);
        foreach (var shard in _shards)
        {
            var indexer = IndexerOf(shard);
            var index = indexer.Index;
            long applied = shard.AppliedPosition;
            long searchable = index.SearchablePosition;
            long lagMs = 0;
            if (searchable < applied && searchable + 1 >= shard.ChangeFloor && shard.ReadChanges(searchable, 1) is [var oldest])
            {
                lagMs = Math.Max(0, now - oldest.Command.AtMs);
            }

            statistics.Add(new SearchStatistics(
                shard.Id, applied, searchable, index.CommittedPosition, TimeSpan.FromMilliseconds(lagMs), index.Documents, index.SizeInBytes, index.Segments, indexer.Failures));
        }

        return statistics;
    }

    /// <summary>Waits until every change made before the call is searchable.</summary>
    public async Task WaitForSearchAsync(CancellationToken cancellationToken = default)
    {
        RequireSearch();
        var targets = _shards.Select(s => s.AppliedPosition).ToArray();
        for (int i = 0; i < _shards.Length; i++)
        {
            await IndexerOf(_shards[i]).Searchable.WaitAsync(targets[i], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rebuilds the search index from the logs, one shard at a time, while reads and writes go on; searches keep the
    /// old index of a shard until its new one is complete. Reports progress every 10,000 documents and after each
    /// shard. Cancelling stops waiting and starts no further shard; a shard already rebuilding finishes.
    /// </summary>
    public async Task RebuildSearchIndexAsync(IProgress<SearchRebuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireSearch();
        long total = 0;
        for (int i = 0; i < _shards.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int done = i;
            long before = total;
            total += await IndexerOf(_shards[i])
                .RebuildAsync(documents => progress?.Report(new SearchRebuildProgress(done, _shards.Length, before + documents)))
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            progress?.Report(new SearchRebuildProgress(i + 1, _shards.Length, total));
        }
    }

    private void RequireSearch()
    {
        if (!Options.IndexForSearch)
        {
            throw new ChirpException(ChirpErrorCode.Disabled, "Search is off: the engine was opened with IndexForSearch = false.");
        }
    }

    private ShardIndex IndexOf(Shard shard) => IndexerOf(shard).Index;

    private ShardIndexer IndexerOf(Shard shard) =>
        shard.Id < _indexers.Length ? _indexers[shard.Id] : throw new ChirpException(ChirpErrorCode.Disabled, "Search is off.");

    private static void CheckSearchLimit(int limit)
    {
        if (limit is < 1 or > MaxSearchLimit)
        {
            throw ChirpException.Invalid("limit", $"A search returns 1 to {MaxSearchLimit} results.");
        }
    }

    private static bool IsHashtagPrefix(string name)
    {
        for (int i = 0; i < name.Length; i += char.IsSurrogatePair(name, i) ? 2 : 1)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(name, i);
            if (!(char.IsLetterOrDigit(name, i) || name[i] == '_' || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                return false;
            }
        }

        return true;
    }
}
