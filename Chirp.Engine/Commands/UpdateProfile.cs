using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Changes the display name and/or bio of an account; null keeps a field.</summary>
[MessagePackObject]
internal sealed class UpdateProfile : ShardCommand
{
    [Key(2)] public long UserId { get; set; }
    [Key(3)] public string? DisplayName { get; set; }
    [Key(4)] public string? Bio { get; set; }
}
