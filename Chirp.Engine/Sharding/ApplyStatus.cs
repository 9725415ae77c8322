namespace Chirp.Engine.Sharding;

internal enum ApplyStatus : byte
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}
