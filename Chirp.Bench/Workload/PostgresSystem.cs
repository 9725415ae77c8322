using System.Globalization;
using Chirp.Bench.Support;
using Npgsql;
using NpgsqlTypes;

namespace Chirp.Bench.Workload;

/// <summary>
/// The PostgreSQL peer: what a smaller team builds without a timeline store, as Mastodon does without Elasticsearch.
/// The home timeline is pulled at read time from the follows and the posts' author index; search is PostgreSQL's
/// full-text search (a stored tsvector with a GIN index). Every commit is synchronous and durable, so there is no
/// fanout and nothing to wait for.
/// </summary>
/// <remarks>
/// <para>Schema (user numbers and post numbers are the ids):</para>
/// <list type="bullet">
/// <item><c>users(id bigint PRIMARY KEY, username text NOT NULL UNIQUE, followers int, following int)</c>: the counters
/// kept by follow and unfollow in the same statement.</item>
/// <item><c>follows(follower, followee)</c>: <c>PRIMARY KEY (follower, followee)</c> (whom a reader follows: the pull),
/// an index on <c>(followee, follower)</c> (who follows an author), both foreign keys to users, and
/// <c>CHECK (follower &lt;&gt; followee)</c> (no self-follows: the bulk load skips any the world has).</item>
/// <item><c>posts(id bigint PRIMARY KEY, author_id → users, text, reblog_of → posts NULL, likes int, reblogs int,
/// tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED)</c>, with an index on
/// <c>(author_id, id DESC)</c> and a GIN index on <c>tsv</c>. A retweet is a row with <c>reblog_of</c> set and an
/// empty text, so search never finds it; the home read shows the original's text through a join.</item>
/// <item><c>likes(user_id → users, post_id → posts, PRIMARY KEY (user_id, post_id))</c>.</item>
/// </list>
/// <para>
/// Text search uses the <c>'simple'</c> configuration: words lower-cased (every script: the cluster's character
/// classification is C.UTF-8), no stemming and no stop words, since the corpus is multilingual and a language's
/// stemmer would mangle the others. Unlike Chirp it folds no accents ("café" does not find "cafe") and it indexes the
/// word of a hashtag or mention like any other word.
/// </para>
/// <para>
/// The home read is one statement: the reader and its followees, a LATERAL top-N per author (<c>ORDER BY id DESC
/// LIMIT n</c> on the <c>(author_id, id DESC)</c> index, an index-only scan where the visibility map allows), the
/// newest n of those, then the page hydrated by primary key. Its cost is one short index range per followee, however
/// many posts each one has, where <c>author_id = ANY(followees)</c> must read every post of every followee before
/// sorting (on 20,000 users following ~100 each and 1 M posts, 10 % by celebrities, the LATERAL form ran 2.5 to 3
/// times the reads per second of the ANY form on this machine). Writes are single
/// statements (data-modifying CTEs), so a retweet, like or follow moves its counter atomically without an explicit
/// transaction.
/// </para>
/// <para>
/// Connections come from an <see cref="NpgsqlDataSource"/> pool (<see cref="DefaultMaxPoolSize"/> by default, one per
/// concurrent harness call) over loopback TCP. Every statement is prepared (server-side, kept per pooled connection)
/// except search: its best plan depends on the word (a common word walks the primary key backwards until it has n
/// matches, a rare one takes the GIN index and sorts), and an unprepared statement is planned with its word every
/// time, where a prepared one would settle on one generic plan for all words.
/// </para>
/// </remarks>
public sealed class PostgresSystem : IWorkloadSystem
{
    /// <summary>The pool's size: the harness runs up to 64 calls at once.</summary>
    public const int DefaultMaxPoolSize = 64;

    /// <summary>The database the system creates and uses.</summary>
    public const string Database = "chirp";

    private const int ProgressStep = 1 << 16;

    private int _loaded;

    private PostgresSystem(PostgresServerProcess server, NpgsqlDataSource dataSource, string description)
    {
        Server = server;
        DataSource = dataSource;
        Description = description;
    }

    public string Name => "postgres";

    public bool SupportsSearch => true;

    public bool FansOut => false;

    /// <summary>The postmaster and its children (backends, background workers) at the time of the call.</summary>
    public IReadOnlyList<int> ProcessIds => Server.ProcessIds();

    public string Description { get; }

    public long FanoutInserts => 0;

    /// <summary>The server this system runs on.</summary>
    public PostgresServerProcess Server { get; }

    /// <summary>The pool every call takes its connection from (tests use it to look at the tables).</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Starts a fresh server (<see cref="PostgresServerProcess.StartAsync"/>), creates the <see cref="Database"/>
    /// database and opens the pool. The schema is created by <see cref="LoadAsync"/>.
    /// </summary>
    /// <exception cref="WorkloadSystemUnavailableException">PostgreSQL is not installed or would not start.</exception>
    public static async Task<PostgresSystem> StartAsync(int maxPoolSize = DefaultMaxPoolSize, string? parent = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoolSize, 1);
        var server = await PostgresServerProcess.StartAsync(parent, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            string version;
            var admin = server.ConnectionString("postgres");
            admin.Pooling = false;
            await using (var connection = new NpgsqlConnection(admin.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                version = connection.PostgreSqlVersion.ToString();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var builder = server.ConnectionString(Database);
            builder.MaxPoolSize = maxPoolSize;
            builder.NoResetOnClose = true;
            builder.Enlist = false;
            builder.IncludeErrorDetail = true;
            builder.ApplicationName = "chirp-bench";
            var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            string description = string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL {version} (postmaster {server.PostmasterPid}) on 127.0.0.1:{server.Port}, pool {maxPoolSize}, prepared statements; " +
                $"{string.Join(' ', server.Settings)} (durable commits); home by LATERAL top-N per followee; 'simple' tsvector + GIN search");
            return new PostgresSystem(server, dataSource, description);
        }
        catch (Exception e)
        {
            string log = server.RecentLog();
            await server.DisposeAsync().ConfigureAwait(false);
            if (e is NpgsqlException)
            {
                throw new WorkloadSystemUnavailableException($"PostgreSQL started but could not be set up ({e.Message}): {log}");
            }

            throw;
        }
    }

    /// <summary>
    /// Creates the schema, copies every user and follow in with binary COPY (self-follows skipped), then builds the
    /// follows' keys and runs VACUUM ANALYZE. Reports the rows copied so far (users, then users + follows).
    /// </summary>
    public async Task LoadAsync(TimelineWorld world, IProgress<int> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(progress);
        if (Interlocked.Exchange(ref _loaded, 1) != 0)
        {
            throw new InvalidOperationException("The PostgreSQL system is loaded once.");
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, PostgresSql.Schema, cancellationToken).ConfigureAwait(false);

        var following = new int[world.UserCount];
        var followers = new int[world.UserCount];
        for (int u = 0; u < world.UserCount; u++)
        {
            foreach (int followee in world.Following[u])
            {
                if (followee != u)
                {
                    following[u]++;
                    followers[followee]++;
                }
            }
        }

        int rows = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(PostgresSql.CopyUsers, cancellationToken).ConfigureAwait(false))
        {
            for (int u = 0; u < world.UserCount; u++)
            {
                await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync((long)u, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(world.Username(u), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(followers[u], NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(following[u], NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                if (++rows % ProgressStep == 0)
                {
                    progress.Report(rows);
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress.Report(rows);
        await using (var writer = await connection.BeginBinaryImportAsync(PostgresSql.CopyFollows, cancellationToken).ConfigureAwait(false))
        {
            for (int u = 0; u < world.UserCount; u++)
            {
                foreach (int followee in world.Following[u])
                {
                    if (followee == u)
                    {
                        continue;
                    }

                    await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync((long)u, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync((long)followee, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    if (++rows % ProgressStep == 0)
                    {
                        progress.Report(rows);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress.Report(rows);
        await ExecuteAsync(connection, PostgresSql.AfterLoad, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, PostgresSql.VacuumAnalyze, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing to do: every home timeline is pulled at read time.</summary>
    public Task ActivateAsync(IReadOnlyList<int> users, CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask CreatePostAsync(int user, long post, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSql.InsertPost, connection)
        {
            Parameters = { Int64(post), Int64(user), new NpgsqlParameter<string> { TypedValue = text } },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Inserts the retweet row and counts it on the original, in one statement; throws if the original does not exist.</summary>
    public async ValueTask RetweetAsync(int user, long original, long retweet)
    {
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSql.InsertRetweet, connection)
        {
            Parameters = { Int64(retweet), Int64(user), Int64(original) },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"Post {original} does not exist: no retweet {retweet}.");
        }
    }

    /// <summary>Likes the post and counts the like when it is new (liking twice changes nothing); throws if the post does not exist.</summary>
    public async ValueTask LikeAsync(int user, long post)
    {
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSql.InsertLike, connection)
        {
            Parameters = { Int64(user), Int64(post) },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Follows and counts the follow on both users when it is new; throws for a self-follow or an unknown user.</summary>
    public ValueTask FollowAsync(int follower, int followee) => ExecutePreparedAsync(PostgresSql.InsertFollow, follower, followee);

    /// <summary>Unfollows and uncounts the follow when there was one.</summary>
    public ValueTask UnfollowAsync(int follower, int followee) => ExecutePreparedAsync(PostgresSql.DeleteFollow, follower, followee);

    public async ValueTask<int> ReadHomeAsync(int user, int limit) => (await ReadHomePageAsync(user, limit).ConfigureAwait(false)).Count;

    /// <summary>The newest <paramref name="limit"/> entries of the user's home timeline (own posts and retweets and the followees'), hydrated.</summary>
    public async Task<IReadOnlyList<PostgresPostView>> ReadHomePageAsync(int user, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSql.ReadHome, connection)
        {
            Parameters = { Int64(user), Int64(limit) },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        return await ReadPostsAsync(command, limit).ConfigureAwait(false);
    }

    public async ValueTask<int> SearchAsync(string word, int limit) => (await SearchPageAsync(word, limit).ConfigureAwait(false)).Count;

    /// <summary>The newest <paramref name="limit"/> posts holding <paramref name="word"/>, hydrated with their authors.</summary>
    public async Task<IReadOnlyList<PostgresPostView>> SearchPageAsync(string word, int limit)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        // Not prepared, on purpose: planned with the word each time (see the remarks on the class).
        await using var command = new NpgsqlCommand(PostgresSql.Search, connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = word }, Int64(limit) },
        };
        return await ReadPostsAsync(command, limit).ConfigureAwait(false);
    }

    /// <summary>Nothing to wait for: a write is committed, durable and visible to every read (search included) when its call returns.</summary>
    public Task WaitForQuiescenceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>At once: the GIN index is updated in the insert's own transaction.</summary>
    public Task WaitForIndexingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to wait for: nothing is fanned out.</summary>
    public Task WaitForFanoutAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to hold: nothing is fanned out.</summary>
    public void HoldFanout(bool hold)
    {
    }

    public async Task<IReadOnlyList<long>> ReadHomePostsAsync(int user, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSql.ReadHomePosts, connection)
        {
            Parameters = { Int64(user), Int64(max) },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        return await ReadIdsAsync(command, max).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> SearchPostsAsync(string word, int max)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSql.SearchPosts, connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = word }, Int64(max) },
        };
        return await ReadIdsAsync(command, max).ConfigureAwait(false);
    }

    /// <summary>Null: a pull system stores no timelines.</summary>
    public Task<TimelineMemory?> MeasureTimelineMemoryAsync() => Task.FromResult<TimelineMemory?>(null);

    /// <summary>Bytes of the cluster's data directory: tables, indexes, WAL (pg_wal) and catalogs.</summary>
    public long DiskBytes() => Server.DiskBytes();

    /// <summary>Closes the pool, stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await Server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };

    private async ValueTask ExecutePreparedAsync(string sql, long first, long second)
    {
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters = { Int64(first), Int64(second) },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Post rows: id, author's username, text, likes, reblogs; home reads add whether the reader liked it and, for a
    /// reblog, the original's id and author (search rows stop at reblogs).
    /// </summary>
    private static async Task<IReadOnlyList<PostgresPostView>> ReadPostsAsync(NpgsqlCommand command, int limit)
    {
        var page = new List<PostgresPostView>(Math.Min(limit, 1_000));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        bool hydrated = reader.FieldCount > 5;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            page.Add(new PostgresPostView(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                Liked: hydrated && reader.GetBoolean(5),
                ReblogOf: hydrated && !reader.IsDBNull(6) ? reader.GetInt64(6) : null,
                ReblogOfUsername: hydrated && !reader.IsDBNull(7) ? reader.GetString(7) : null));
        }

        return page;
    }

    private static async Task<IReadOnlyList<long>> ReadIdsAsync(NpgsqlCommand command, int max)
    {
        var ids = new List<long>(Math.Min(max, 10_000));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
