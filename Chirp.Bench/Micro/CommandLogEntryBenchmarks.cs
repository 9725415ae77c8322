using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;
using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;

namespace Chirp.Bench.Micro;

/// <summary>
/// The work the command log seam adds to a write, alone: prepare (a copy of the command with its time, minted id and
/// celebrity threshold), encoding the write group as one log entry, and decoding it again for apply. A create through
/// the engine does all three once per command (<see cref="TweetWriteBenchmarks"/> measures the whole create); a group
/// of 16 shows the per-command cost when calls are grouped.
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

    [Benchmark(Description = "Prepare + encode + decode, 1 command per entry")]
    public int OneCommand()
    {
        var entry = CommandLogEntry.Encode([_shard.Prepare(_command, 1)]);
        return CommandLogEntry.Decode(entry).Length;
    }

    [Benchmark(Description = "Prepare + encode + decode, 16 commands per entry", OperationsPerInvoke = 16)]
    public int SixteenCommands()
    {
        for (int i = 0; i < _group.Length; i++)
        {
            _group[i] = _shard.Prepare(_command, 1);
        }

        return CommandLogEntry.Decode(CommandLogEntry.Encode(_group)).Length;
    }
}
