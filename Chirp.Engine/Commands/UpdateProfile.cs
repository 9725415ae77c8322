using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Changes the display name and/or bio of an account; null keeps a field.</summary>
[MessagePackObject]
internal sealed record UpdateProfile : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public string? DisplayName { get; init; }
    [Key(4)] public string? Bio { get; init; }
}
