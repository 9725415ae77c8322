using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Chirp.Engine.Tests.Crash;

/// <summary>
/// The child process of the crash test: opens the engine on a directory (4 shards, default options: WAL on, no fsync)
/// and writes from several concurrent loops until it is killed, printing every acknowledged write on stdout (see
/// <see cref="CrashProtocol"/>). It picks up the accounts and tweets already in the directory from the change feeds,
/// so later runs follow, like and reply across the state of earlier ones.
/// </summary>
internal sealed class CrashWriter
{
    public const int ShardCount = 4;

    private const int Loops = 6;
    private const int HotAccounts = 12;

    /// <summary>A writer whose parent died without killing it stops by itself.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static readonly string[] Words =
        ["chirp", "crash", "kill", "restart", "wal", "batch", "shard", "outbox", "feed", "#durable", "#rocks", "@nobody", "lorem", "ipsum"];

    private readonly ChirpEngine _engine;
    private readonly int _seed;
    private readonly TextWriter _out;
    private readonly Lock _outLock = new();
    private readonly Lock _stateLock = new();
    private readonly List<long> _accounts;
    private readonly List<long> _tweets;
    private readonly List<(long Follower, long Followee)> _followed = [];
    private readonly ConcurrentDictionary<(long, long), bool> _busyPairs = new();
    private int _accountCounter;
    private int _textCounter;

    private CrashWriter(ChirpEngine engine, int seed, TextWriter output)
    {
        _engine = engine;
        _seed = seed;
        _out = output;
        (_accounts, _tweets) = ReadExistingState(engine);
    }

    /// <summary>A low celebrity threshold, so the hot accounts cross it and both fanout paths run.</summary>
    public static ChirpEngineOptions OptionsFor(string directory) =>
        ChirpEngineOptions.ForPath(directory) with { ShardCount = ShardCount, CelebrityThreshold = 6, TimelineCapacity = 20, SearchCommitInterval = TimeSpan.FromMilliseconds(200) };

    public static async Task<int> RunAsync(string directory, int seed)
    {
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        using var engine = ChirpEngine.Open(OptionsFor(directory));
        var writer = new CrashWriter(engine, seed, output);
        writer.Print(string.Create(CultureInfo.InvariantCulture, $"START {writer._accounts.Count} {writer._tweets.Count} $"));
        using var stop = new CancellationTokenSource(Lifetime);
        var loops = Enumerable.Range(0, Loops).Select(i => Task.Run(() => writer.LoopAsync(i, stop.Token))).ToArray();
        await Task.WhenAll(loops);
        return 0;
    }

    /// <summary>Accounts, and tweets and replies (not retweet entries), from every shard's change feed, oldest first.</summary>
    private static (List<long> Accounts, List<long> Tweets) ReadExistingState(ChirpEngine engine)
    {
        var accounts = new List<long>();
        var tweets = new List<long>();
        for (int shard = 0; shard < engine.ShardCount; shard++)
        {
            long after = 0;
            while (true)
            {
                var changes = engine.ReadChanges(shard, after, 10_000);
                if (changes.Count == 0)
                {
                    break;
                }

                foreach (var change in changes)
                {
                    if (change.Kind == ChangeKind.AccountCreated)
                    {
                        accounts.Add(change.SubjectId);
                    }
                    else if (change.Kind == ChangeKind.TweetCreated)
                    {
                        tweets.Add(change.SubjectId);
                    }

                    after = change.Position;
                }
            }
        }

        accounts.Sort();
        tweets.Sort();
        return (accounts, tweets);
    }

    private async Task LoopAsync(int index, CancellationToken stop)
    {
        var random = new Random(unchecked((_seed * 397) ^ index));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await StepAsync(random);
            }
            catch (Exception ex)
            {
                Print($"FAIL loop{index} {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task StepAsync(Random random)
    {
        int accountCount;
        int tweetCount;
        lock (_stateLock)
        {
            accountCount = _accounts.Count;
            tweetCount = _tweets.Count;
        }

        int roll = random.Next(100);
        if (roll < 8 || accountCount < 2)
        {
            await CreateAccountAsync();
        }
        else if (roll < 25 || tweetCount == 0)
        {
            await CreateTweetAsync(random);
        }
        else if (roll < 37)
        {
            await CreateReplyAsync(random);
        }
        else if (roll < 52)
        {
            await LikeAsync(random);
        }
        else if (roll < 62)
        {
            await RetweetAsync(random);
        }
        else if (roll < 80)
        {
            await ChangeFollowAsync(random, follow: true);
        }
        else if (roll < 90)
        {
            // Reading makes the timeline stored, so later tweets fan out into it.
            _engine.GetHomeTimeline(PickAccount(random), PageRequest.First());
        }
        else
        {
            await ChangeFollowAsync(random, follow: false);
        }
    }

    private async Task CreateAccountAsync()
    {
        int n = Interlocked.Increment(ref _accountCounter);
        string username = string.Create(CultureInfo.InvariantCulture, $"c{_seed}_{n}");
        var account = await _engine.CreateAccountAsync(new NewAccount(username, username + "@crash.example.com", "Crash " + n, "written by the crash test"));
        Print($"ACK account {Id(account.Id)} {account.Username} $");
        lock (_stateLock)
        {
            _accounts.Add(account.Id);
        }
    }

    private async Task CreateTweetAsync(Random random)
    {
        long author = PickAccount(random);
        string text = MakeText(random);
        var tweet = await _engine.CreateTweetAsync(author, text);
        Print($"ACK tweet {Id(tweet.Id)} {Id(author)} {CrashProtocol.Hash(text)} $");
        lock (_stateLock)
        {
            _tweets.Add(tweet.Id);
        }
    }

    private async Task CreateReplyAsync(Random random)
    {
        long author = PickAccount(random);
        long parent = PickTweet(random);
        string text = MakeText(random);
        var reply = await _engine.CreateReplyAsync(author, parent, text);
        Print($"ACK reply {Id(reply.Id)} {Id(author)} {Id(parent)} {CrashProtocol.Hash(text)} $");
        lock (_stateLock)
        {
            _tweets.Add(reply.Id);
        }
    }

    private async Task LikeAsync(Random random)
    {
        long user = PickAccount(random);
        long tweet = PickTweet(random);
        await _engine.LikeAsync(user, tweet);
        Print($"ACK like {Id(user)} {Id(tweet)} $");
    }

    private async Task RetweetAsync(Random random)
    {
        long user = PickAccount(random);
        long tweet = PickTweet(random);
        var entry = await _engine.RetweetAsync(user, tweet);
        Print($"ACK retweet {Id(user)} {Id(tweet)} {Id(entry.Id)} $");
    }

    /// <summary>Follows or unfollows a pair no other loop is working on, announcing the attempt before the call.</summary>
    private async Task ChangeFollowAsync(Random random, bool follow)
    {
        (long follower, long followee) = PickPair(random, follow);
        if (follower == followee || !_busyPairs.TryAdd((follower, followee), true))
        {
            return;
        }

        try
        {
            string operation = follow ? "follow" : "unfollow";
            Print($"TRY {operation} {Id(follower)} {Id(followee)} $");
            if (follow)
            {
                await _engine.FollowAsync(follower, followee);
            }
            else
            {
                await _engine.UnfollowAsync(follower, followee);
            }

            Print($"ACK {operation} {Id(follower)} {Id(followee)} $");
            if (follow)
            {
                lock (_stateLock)
                {
                    _followed.Add((follower, followee));
                }
            }
        }
        finally
        {
            _busyPairs.TryRemove((follower, followee), out _);
        }
    }

    private (long Follower, long Followee) PickPair(Random random, bool follow)
    {
        if (!follow && random.Next(10) < 7)
        {
            lock (_stateLock)
            {
                if (_followed.Count > 0)
                {
                    return _followed[random.Next(_followed.Count)];
                }
            }
        }

        return (PickAccount(random), PickAccount(random));
    }

    /// <summary>Half the time one of the oldest accounts, so that pairs repeat and some accounts gather many edges.</summary>
    private long PickAccount(Random random)
    {
        lock (_stateLock)
        {
            int range = random.Next(2) == 0 ? Math.Min(HotAccounts, _accounts.Count) : _accounts.Count;
            return _accounts[random.Next(range)];
        }
    }

    private long PickTweet(Random random)
    {
        lock (_stateLock)
        {
            int range = random.Next(2) == 0 ? Math.Min(HotAccounts, _tweets.Count) : _tweets.Count;
            return _tweets[random.Next(range)];
        }
    }

    private string MakeText(Random random)
    {
        int n = Interlocked.Increment(ref _textCounter);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"t{_seed}.{n}"));
        int words = random.Next(1, 12);
        for (int i = 0; i < words; i++)
        {
            text.Append(' ').Append(Words[random.Next(Words.Length)]);
        }

        return text.ToString();
    }

    private void Print(string line)
    {
        lock (_outLock)
        {
            _out.WriteLine(line);
            _out.Flush();
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
