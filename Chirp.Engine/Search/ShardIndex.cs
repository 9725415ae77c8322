using System.Globalization;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Chirp.Engine.Search;

/// <summary>
/// The Lucene index of one shard's tweets, retweets and users. Derived state: every commit records the change-feed
/// position it holds, so a restart resumes from there, and an index of another format is thrown away and rebuilt.
/// One thread (the shard's indexer) writes; any thread searches, through near-real-time readers.
/// </summary>
internal sealed partial class ShardIndex : IDisposable
{
    /// <summary>The on-disk format: the fields and analysis. A different one in a commit means rebuild.</summary>
    public const int FormatVersion = 1;

    private const string FormatKey = "chirp.search.format";
    private const string PositionKey = "chirp.search.position";
    private const string MayHoldThroughKey = "chirp.search.may-hold-through";

    private readonly NRTCachingDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private long _searchablePosition;
    private long _committedPosition;

    private ShardIndex(string path, Func<Lucene.Net.Store.Directory, Lucene.Net.Store.Directory>? wrapDirectory)
    {
        System.IO.Directory.CreateDirectory(path);
        Lucene.Net.Store.Directory files = FSDirectory.Open(path);
        // Small fresh segments stay in memory until a merge or commit writes them: refreshing several times a second
        // would otherwise write a file set each time.
        _directory = new NRTCachingDirectory(wrapDirectory is null ? files : wrapDirectory(files), maxMergeSizeMB: 4, maxCachedMB: 48);
        long position = 0;
        long mayHoldThrough = 0;
        var mode = OpenMode.CREATE;
        if (DirectoryReader.IndexExists(_directory))
        {
            var data = DirectoryReader.ListCommits(_directory)[^1].UserData;
            if (data.TryGetValue(FormatKey, out string? format) && format == FormatVersion.ToString(CultureInfo.InvariantCulture)
                && data.TryGetValue(PositionKey, out string? stored) && long.TryParse(stored, CultureInfo.InvariantCulture, out position))
            {
                mode = OpenMode.APPEND;
                // Written since a refill could commit documents of changes after its position; older commits lack it.
                mayHoldThrough = data.TryGetValue(MayHoldThroughKey, out string? holds) && long.TryParse(holds, CultureInfo.InvariantCulture, out long through)
                    ? Math.Max(through, position)
                    : position;
            }
            else
            {
                position = 0;
            }
        }

        IsNew = mode == OpenMode.CREATE;
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))
        {
            OpenMode = mode,
            Similarity = TweetSimilarity.Instance,
            RAMBufferSizeMB = 32,
            // One thread writes, but its continuations run on any pool thread: with more states, each thread would
            // get its own in-memory segment and every refresh would flush several tiny ones.
            MaxThreadStates = 1,
            // Merging only neighbours keeps each segment to a narrow range of ids, which recency search relies on.
            MergePolicy = new LogByteSizeMergePolicy(),
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new TweetSearcherFactory());
        _committedPosition = position;
        _searchablePosition = position;
        IndexedPosition = position;
        MayHoldThrough = mayHoldThrough;
    }

    /// <summary>True when the index was created empty at open (none was there, or it had another format).</summary>
    public bool IsNew { get; private set; }

    /// <summary>The change-feed position the writer has applied (not yet necessarily searchable). Indexer thread only.</summary>
    public long IndexedPosition { get; private set; }

    /// <summary>Changes up to here are visible to searches.</summary>
    public long SearchablePosition => Interlocked.Read(ref _searchablePosition);

    /// <summary>Changes up to here are committed to disk.</summary>
    public long CommittedPosition => Interlocked.Read(ref _committedPosition);

    /// <summary>Opens the index in <paramref name="path"/>; tests may wrap its file directory to inject failures.</summary>
    public static ShardIndex Open(string path, Func<Lucene.Net.Store.Directory, Lucene.Net.Store.Directory>? wrapDirectory = null) =>
        new(path, wrapDirectory);

    /// <summary>
    /// The index may hold documents written by changes up to here (and none by later changes): a create after it adds
    /// a document without looking for an older copy. It is the committed position at open (what a crash lost is not
    /// in the index), and after a rebuild the position its scan of the records may have seen; each commit records it, as
    /// a commit after a rebuild may hold documents of changes after its position.
    /// </summary>
    public long MayHoldThrough { get; private set; }

    /// <summary>Whether the document a change at <paramref name="position"/> creates cannot be in the index yet.</summary>
    public bool IsNewAt(long position) => position > MayHoldThrough;

    /// <summary>Records that every change up to <paramref name="position"/> has been given to the writer.</summary>
    public void MarkIndexed(long position) => IndexedPosition = position;

    /// <summary>Makes everything indexed so far visible to searches.</summary>
    public void Refresh()
    {
        long position = IndexedPosition;
        _searchers.MaybeRefreshBlocking();
        Interlocked.Exchange(ref _searchablePosition, position);
    }

    /// <summary>Writes everything indexed so far to disk, with its change-feed position.</summary>
    public void Commit()
    {
        long position = IndexedPosition;
        _writer.SetCommitData(new Dictionary<string, string>
        {
            [FormatKey] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            [PositionKey] = position.ToString(CultureInfo.InvariantCulture),
            [MayHoldThroughKey] = Math.Max(MayHoldThrough, position).ToString(CultureInfo.InvariantCulture),
        });
        _writer.Commit();
        Interlocked.Exchange(ref _committedPosition, position);
        IsNew = false;
    }

    /// <summary>Empties the index (visible at the next refresh) to refill it from the records.</summary>
    public void StartOver()
    {
        _writer.DeleteAll();
        MayHoldThrough = long.MaxValue;
    }

    /// <summary>
    /// Ends a refill: the records scanned held every change up to <paramref name="startedAt"/> and perhaps some up to
    /// <paramref name="endedAt"/>; the feed goes on after <paramref name="startedAt"/>.
    /// </summary>
    public void Refilled(long startedAt, long endedAt)
    {
        IndexedPosition = startedAt;
        MayHoldThrough = endedAt;
    }

    /// <summary>Live documents in the searchable index.</summary>
    public long Documents => WithSearcher(s => (long)s.IndexReader.NumDocs);

    /// <summary>Segments in the searchable index.</summary>
    public int Segments => WithSearcher(s => s.IndexReader.Leaves.Count);

    /// <summary>Bytes of index files, on disk or cached.</summary>
    public long SizeInBytes
    {
        get
        {
            long total = 0;
            foreach (string file in _directory.ListAll())
            {
                try
                {
                    total += _directory.FileLength(file);
                }
                catch (IOException)
                {
                    // Deleted by a merge between the listing and the length.
                }
            }

            return total;
        }
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> use)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return use(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Closes without committing: the shard committed what it indexed before (<see cref="Commit"/>), and anything no
    /// commit holds is replayed from the change feed at the next open. Unlike <c>IndexWriter.Dispose</c>, which commits
    /// and on a full disk throws with the write lock still held, a rollback writes nothing.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _searchers.Dispose();
            _writer.Rollback();
        }
        finally
        {
            _directory.Dispose();
        }
    }

    private sealed class TweetSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = TweetSimilarity.Instance };
    }
}
