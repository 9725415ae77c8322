namespace Chirp.Engine.Storage;

/// <summary>What an entry of a user's own list is. The byte values are part of the on-disk format.</summary>
internal enum AuthoredKind : byte
{
    Original = 0,
    Reply = 1,
    Retweet = 2,
}
