namespace Chirp.Bench.Workload;

/// <summary>The statements of <see cref="PostgresSystem"/>: schema, bulk load, writes and reads. Parameters are positional.</summary>
internal static class PostgresSql
{
    /// <summary>
    /// Everything but the follows' keys, which <see cref="AfterLoad"/> builds once the graph is copied in (one sort
    /// beats millions of index insertions). 'simple' text search: lower-cased words, no stemming, no stop words.
    /// </summary>
    public const string Schema = """
        CREATE TABLE users (
            id bigint PRIMARY KEY,
            username text NOT NULL,
            followers integer NOT NULL DEFAULT 0,
            following integer NOT NULL DEFAULT 0);
        CREATE TABLE follows (
            follower bigint NOT NULL,
            followee bigint NOT NULL,
            CHECK (follower <> followee));
        CREATE TABLE posts (
            id bigint PRIMARY KEY,
            author_id bigint NOT NULL REFERENCES users (id),
            text text NOT NULL,
            reblog_of bigint REFERENCES posts (id),
            likes integer NOT NULL DEFAULT 0,
            reblogs integer NOT NULL DEFAULT 0,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED);
        CREATE INDEX posts_author_id_id ON posts (author_id, id DESC);
        CREATE INDEX posts_tsv ON posts USING gin (tsv);
        CREATE TABLE likes (
            user_id bigint NOT NULL REFERENCES users (id),
            post_id bigint NOT NULL REFERENCES posts (id),
            PRIMARY KEY (user_id, post_id));
        """;

    public const string CopyUsers = "COPY users (id, username, followers, following) FROM STDIN (FORMAT BINARY)";

    public const string CopyFollows = "COPY follows (follower, followee) FROM STDIN (FORMAT BINARY)";

    public const string AfterLoad = """
        ALTER TABLE follows ADD PRIMARY KEY (follower, followee);
        CREATE INDEX follows_followee_follower ON follows (followee, follower);
        ALTER TABLE follows
            ADD FOREIGN KEY (follower) REFERENCES users (id),
            ADD FOREIGN KEY (followee) REFERENCES users (id);
        CREATE UNIQUE INDEX users_username ON users (username);
        """;

    /// <summary>Statistics for the planner and the visibility map for index-only scans of the follows.</summary>
    public const string VacuumAnalyze = "VACUUM (ANALYZE)";

    /// <summary>$1 id, $2 author, $3 text.</summary>
    public const string InsertPost = "INSERT INTO posts (id, author_id, text) VALUES ($1, $2, $3)";

    /// <summary>
    /// $1 retweet id, $2 user, $3 original. One statement: the original's counter and the retweet row together, no
    /// row (so no retweet) when the original does not exist. The text is empty so that search never finds a retweet.
    /// </summary>
    public const string InsertRetweet = """
        WITH original AS (
            UPDATE posts SET reblogs = reblogs + 1 WHERE id = $3 RETURNING id)
        INSERT INTO posts (id, author_id, text, reblog_of)
        SELECT $1, $2, '', id FROM original
        """;

    /// <summary>$1 user, $2 post. The counter moves only when the like is new; liking twice changes nothing.</summary>
    public const string InsertLike = """
        WITH liked AS (
            INSERT INTO likes (user_id, post_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING post_id)
        UPDATE posts SET likes = likes + 1 WHERE id IN (SELECT post_id FROM liked)
        """;

    /// <summary>
    /// $1 follower, $2 followee. Both counters move in one UPDATE, which locks the two user rows in index (id)
    /// order, so crossing follows (a→b, b→a) cannot deadlock.
    /// </summary>
    public const string InsertFollow = """
        WITH followed AS (
            INSERT INTO follows (follower, followee) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING follower)
        UPDATE users
        SET following = following + (id = $1)::integer, followers = followers + (id = $2)::integer
        WHERE id = ANY (ARRAY[$1, $2]) AND EXISTS (SELECT FROM followed)
        """;

    /// <summary>$1 follower, $2 followee; the counters move only when a follow was there.</summary>
    public const string DeleteFollow = """
        WITH unfollowed AS (
            DELETE FROM follows WHERE follower = $1 AND followee = $2 RETURNING follower)
        UPDATE users
        SET following = following - (id = $1)::integer, followers = followers - (id = $2)::integer
        WHERE id = ANY (ARRAY[$1, $2]) AND EXISTS (SELECT FROM unfollowed)
        """;

    /// <summary>
    /// $1 reader, $2 limit. The pull: for the reader and each followee, the newest $2 ids by the (author_id, id DESC)
    /// index (a LATERAL top-N per author, an index-only scan where the visibility map allows), the newest $2 of those, then the page hydrated by primary key:
    /// author, text and counts (a retweet's original's, and its author), and the reader's like.
    /// </summary>
    public const string ReadHome = """
        SELECT p.id, u.username, coalesce(o.text, p.text), coalesce(o.likes, p.likes), coalesce(o.reblogs, p.reblogs),
               EXISTS (SELECT FROM likes l WHERE l.user_id = $1 AND l.post_id = coalesce(p.reblog_of, p.id)),
               p.reblog_of, ou.username
        FROM (
            SELECT recent.id
            FROM (SELECT $1::bigint AS author UNION ALL SELECT followee FROM follows WHERE follower = $1) AS authors
            CROSS JOIN LATERAL (
                SELECT id FROM posts WHERE author_id = authors.author ORDER BY id DESC LIMIT $2) AS recent
            ORDER BY recent.id DESC
            LIMIT $2) AS page
        JOIN posts p ON p.id = page.id
        JOIN users u ON u.id = p.author_id
        LEFT JOIN posts o ON o.id = p.reblog_of
        LEFT JOIN users ou ON ou.id = o.author_id
        ORDER BY p.id DESC
        """;

    /// <summary>$1 reader, $2 max: the same pull, posts only (no retweets), ids only.</summary>
    public const string ReadHomePosts = """
        SELECT recent.id
        FROM (SELECT $1::bigint AS author UNION ALL SELECT followee FROM follows WHERE follower = $1) AS authors
        CROSS JOIN LATERAL (
            SELECT id FROM posts WHERE author_id = authors.author AND reblog_of IS NULL ORDER BY id DESC LIMIT $2) AS recent
        ORDER BY recent.id DESC
        LIMIT $2
        """;

    /// <summary>$1 word, $2 limit: the newest matches (retweets have no words), hydrated with the author.</summary>
    public const string Search = """
        SELECT p.id, u.username, p.text, p.likes, p.reblogs
        FROM (
            SELECT id FROM posts WHERE tsv @@ plainto_tsquery('simple'::regconfig, $1) ORDER BY id DESC LIMIT $2) AS page
        JOIN posts p ON p.id = page.id
        JOIN users u ON u.id = p.author_id
        ORDER BY p.id DESC
        """;

    /// <summary>$1 word, $2 max: the matching ids, newest first.</summary>
    public const string SearchPosts = """
        SELECT id FROM posts WHERE tsv @@ plainto_tsquery('simple'::regconfig, $1) ORDER BY id DESC LIMIT $2
        """;
}
