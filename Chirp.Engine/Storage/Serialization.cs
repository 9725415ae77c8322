using MessagePack;
using MessagePack.Resolvers;

namespace Chirp.Engine.Storage;

/// <summary>The one MessagePack configuration used for every stored record and command.</summary>
internal static class Serialization
{
    public static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(StandardResolverAllowPrivate.Instance);

    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<T>(bytes, Options);
}
