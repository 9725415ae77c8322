using System.Security.Cryptography;
using System.Text;

namespace Chirp.Server.Api;

/// <summary>
/// Request ids for engine writes, from Mastodon's Idempotency-Key: the same key from the same caller within the
/// engine's request retention (a day) gets the first answer, never a second write. A key is hashed with the caller
/// into one id; without a key, every write still carries a fresh id of its own.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>
    /// The caller's key for a new status (hashed with the user only, as since status creation first honoured it), or
    /// <see cref="Guid.Empty"/> when none was sent.
    /// </summary>
    public static Guid ForNewStatus(HttpContext context, long userId) => Hash(context, $"{userId}");

    /// <summary>
    /// The request id of any other write: the key hashed with the caller and the request's method and path, so that a
    /// client that reuses one key for two different writes gets both done; a fresh id when no key was sent.
    /// </summary>
    public static Guid ForWrite(HttpContext context, string caller)
    {
        var request = context.Request;
        var key = Hash(context, $"{caller}:{request.Method} {request.Path}");
        return key == Guid.Empty ? Guid.CreateVersion7() : key;
    }

    /// <summary>Whether the client sent a key (a repeat of a write can then be told from a new one).</summary>
    public static bool WasSent(HttpContext context) => !string.IsNullOrEmpty(context.Request.Headers["Idempotency-Key"]);

    private static Guid Hash(HttpContext context, string scope)
    {
        string? key = context.Request.Headers["Idempotency-Key"];
        if (string.IsNullOrEmpty(key))
        {
            return Guid.Empty;
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}:{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
