namespace Chirp.Engine.Storage;

/// <summary>
/// The value of an <see cref="EdgeKind.Authored"/> edge: the entry kind in the low byte, and a bit set when the entry
/// was not fanned out because its author had reached the celebrity threshold. Part of the on-disk format.
/// </summary>
internal static class AuthoredValue
{
    public const long UnfannedBit = 0x100;

    public static long Encode(AuthoredKind kind, bool unfanned) => (long)kind | (unfanned ? UnfannedBit : 0);

    public static AuthoredKind KindOf(long value) => (AuthoredKind)(value & 0xFF);

    public static bool IsUnfanned(long value) => (value & UnfannedBit) != 0;
}
