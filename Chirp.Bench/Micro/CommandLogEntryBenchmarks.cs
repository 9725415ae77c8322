using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;
using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;

namespace Chirp.Bench.Micro;

/// <summary>
/// The work the command log seam adds to a write, alone. In local mode a create pays only prepare (a copy of the command
/// with its time, minted id and celebrity threshold); a replicated log also encodes the write group as one entry and
/// every replica decodes it. <see cref="TweetWriteBenchmarks"/> measures a whole create; a group of 16 shows the
/// per-command cost when calls are grouped.
/// </summary>
[MemoryDiagnoser]
public class CommandLogEntryBenchmarks
{
    private ScratchEngine _scratch = null!;
    private Shard _shard = null!;
    private CreateTweet _command = null!;
    private readonly ShardCommand[] _group = new ShardCommand[16];

    [GlobalSetup]
    public void Setup()
    {
        string text = MicroFixture.LoadTexts()[0];
        _scratch = ScratchEngine.Create(shardCount: 1, syncWrites: false);
        _shard = _scratch.Engine.GetShard(0);
        _command = new CreateTweet
        {
            AuthorId = 1,
            Text = text,
            Hashtags = [.. TweetText.ExtractHashtags(text)],
            Mentions = [.. TweetText.ExtractMentions(text)],
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "Prepare (local mode), 1 command")]
    public long Prepare() => ((CreateTweet)_shard.Prepare(_command, 1)).TweetId;

    [Benchmark(Description = "Prepare + encode + decode (replicated), 1 command per entry")]
    public int OneCommand()
    {
        var entry = CommandLogEntry.Encode([_shard.Prepare(_command, 1)]);
        return CommandLogEntry.Decode(entry).Length;
    }

    [Benchmark(Description = "Prepare + encode + decode (replicated), 16 commands per entry", OperationsPerInvoke = 16)]
    public int SixteenCommands()
    {
        for (int i = 0; i < _group.Length; i++)
        {
            _group[i] = _shard.Prepare(_command, 1);
        }

        return CommandLogEntry.Decode(CommandLogEntry.Encode(_group)).Length;
    }
}
