using System.Security.Cryptography;

namespace Chirp.Engine.Commands;

/// <summary>
/// Request ids: one per public write call, chosen by the caller or made at the top of the call, and carried by every
/// command of the call, so that a retry of a command (by the caller, or inside the engine) is applied once.
/// </summary>
internal static class RequestIds
{
    // Ids made here are this process's random prefix and a count: unique without a random read per write (a new
    // Guid reads the system's random source each time, which cost about 1 µs of every write).
    private static readonly long ProcessPrefix = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
    private static long _made;

    /// <summary>The caller's request id, or a new one when it gave none.</summary>
    public static Guid OrNew(Guid requestId) => requestId == Guid.Empty ? New() : requestId;

    private static Guid New()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, ProcessPrefix);
        BitConverter.TryWriteBytes(bytes[8..], Interlocked.Increment(ref _made));
        return new Guid(bytes);
    }

    /// <summary>
    /// The request id of one step of a call that makes several commands: the same for the same call and step, so a
    /// retry of the call gives each step the id it had; different per step, because two steps may go to one shard,
    /// whose request records would otherwise answer the second with the first's result.
    /// </summary>
    public static Guid ForStep(Guid callId, AccountCreationStep step)
    {
        Span<byte> input = stackalloc byte[17];
        callId.TryWriteBytes(input);
        input[16] = (byte)step;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }
}
