using MessagePack;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// What applying a metadata command gave: its log index and its answer (the taken code, the cluster's key or identity;
/// null for plain puts). On the leader it travels as the log entry's context, filled by the state machine; to a node that
/// forwarded the command it goes back over the node protocol as MessagePack <c>[index, result]</c>.
/// </summary>
[MessagePackObject]
public sealed class MetadataOutcome
{
    /// <summary>The log index the command was applied at; 0 until the state machine applied it.</summary>
    [Key(0)] public long Index { get; set; }

    [Key(1)] public byte[]? Result { get; set; }

    public byte[] Encode() => MessagePackSerializer.Serialize(this, MessagePackSerializerOptions.Standard);

    public static MetadataOutcome Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<MetadataOutcome>(bytes, MessagePackSerializerOptions.Standard);
        }
        catch (MessagePackSerializationException unreadable)
        {
            throw new InvalidDataException($"A metadata answer could not be read: {unreadable.Message}", unreadable);
        }
    }
}
