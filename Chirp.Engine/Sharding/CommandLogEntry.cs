using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using MessagePack;

namespace Chirp.Engine.Sharding;

/// <summary>
/// One entry of a shard's command log: the prepared commands of one write group, in order. Apply reads nothing else
/// but the entry and the shard, so the same bytes give the same state on every replica. The commands' union tags are
/// those of <see cref="ShardCommand"/>; <see cref="Format"/> changes whenever the entry's layout does.
/// </summary>
[MessagePackObject]
internal sealed class CommandLogEntry
{
    /// <summary>The entry layout this build writes and reads.</summary>
    public const int CurrentFormat = 1;

    [Key(0)] public int Format { get; init; } = CurrentFormat;

    [Key(1)] public ShardCommand[] Commands { get; init; } = [];

    public static byte[] Encode(ShardCommand[] commands) => Serialization.Serialize(new CommandLogEntry { Commands = commands });

    /// <summary>Reads an entry; an entry of another format is refused rather than guessed at.</summary>
    public static ShardCommand[] Decode(ReadOnlyMemory<byte> bytes)
    {
        var entry = Serialization.Deserialize<CommandLogEntry>(bytes);
        return entry.Format == CurrentFormat
            ? entry.Commands
            : throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"A command log entry has format {entry.Format}; this Chirp reads format {CurrentFormat}.");
    }
}
