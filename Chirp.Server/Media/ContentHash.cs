using System.Buffers;

namespace Chirp.Server.Media;

/// <summary>Content names: the lowercase hex SHA-256 of the bytes (64 characters).</summary>
public static class ContentHash
{
    public const int Length = 64;

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Whether a string is a well-formed content name; anything else must never reach a file path.</summary>
    public static bool IsValid(string? hash) =>
        hash is { Length: Length } && !hash.AsSpan().ContainsAnyExcept(LowerHexDigits);
}
