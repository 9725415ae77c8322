using Chirp.Server.Api;

namespace Chirp.Server.Operations;

/// <summary>Recognises a write that failed for lack of disk space, and the answer it gets: 507 Insufficient Storage.</summary>
public static class DiskFull
{
    // ENOSPC (Unix errno, which .NET puts in IOException.HResult) and ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL (Windows).
    private const int NoSpaceLeftOnDevice = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>The answer to a write while the disk is full or below <see cref="DiskOptions.MinFreeMiB"/>.</summary>
    public static ApiException Error() =>
        new(StatusCodes.Status507InsufficientStorage, "The server is out of disk space; writes are refused until space is freed, reads go on");

    /// <summary>
    /// Whether <paramref name="exception"/> or one it wraps is a lack of space: an IOException from .NET (Lucene, the
    /// media store) by its code, or RocksDB's error (or an IOException without the code), which carries only the message.
    /// </summary>
    public static bool IsCause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // The message is read only from storage exceptions: an API error's message may quote what a client sent.
            if (current is IOException { HResult: NoSpaceLeftOnDevice or WindowsDiskFull or WindowsHandleDiskFull }
                || (current is IOException or RocksDbSharp.RocksDbException
                    && current.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsCause))
            {
                return true;
            }
        }

        return false;
    }
}
