using System.Text.Json;
using Chirp.Server.Auth;
using MessagePack;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// One entry of the metadata group's log: MessagePack <c>[kind, key, value]</c>, the value being the JSON the server
/// store keeps (so applying it is a plain put). The state machine decides each command from the state alone (take a
/// code only if it is still there, set the key only if there is none), so every replica decides the same.
/// </summary>
[MessagePackObject]
public sealed class MetadataCommand
{
    [Key(0)] public MetadataCommandKind Kind { get; init; }

    [Key(1)] public string Key { get; init; } = "";

    [Key(2)] public byte[] Value { get; init; } = [];

    public static MetadataCommand PutApp(OAuthApplication app) =>
        new() { Kind = MetadataCommandKind.PutApp, Key = app.ClientId, Value = JsonSerializer.SerializeToUtf8Bytes(app) };

    public static MetadataCommand PutCode(string codeHash, AuthorizationCode code) =>
        new() { Kind = MetadataCommandKind.PutCode, Key = codeHash, Value = JsonSerializer.SerializeToUtf8Bytes(code) };

    public static MetadataCommand TakeCode(string codeHash) => new() { Kind = MetadataCommandKind.TakeCode, Key = codeHash };

    public static MetadataCommand Revoke(string tokenId, DateTimeOffset expiresAt) =>
        new() { Kind = MetadataCommandKind.Revoke, Key = tokenId, Value = JsonSerializer.SerializeToUtf8Bytes(expiresAt) };

    public static MetadataCommand ProposeSigningKey(byte[] key) =>
        new() { Kind = MetadataCommandKind.ProposeSigningKey, Value = JsonSerializer.SerializeToUtf8Bytes(Convert.ToBase64String(key)) };

    public static MetadataCommand ProposeIdentity(ClusterIdentity identity) =>
        new() { Kind = MetadataCommandKind.ProposeIdentity, Value = JsonSerializer.SerializeToUtf8Bytes(identity) };

    public byte[] Encode() => MessagePackSerializer.Serialize(this, MessagePackSerializerOptions.Standard);

    /// <summary>Reads a command; an unreadable one is an <see cref="InvalidDataException"/>.</summary>
    public static MetadataCommand Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<MetadataCommand>(bytes, MessagePackSerializerOptions.Standard);
        }
        catch (MessagePackSerializationException unreadable)
        {
            throw new InvalidDataException($"A metadata command could not be read: {unreadable.Message}", unreadable);
        }
    }
}
