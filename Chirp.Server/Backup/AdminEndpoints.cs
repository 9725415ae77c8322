using Chirp.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Chirp.Server.Backup;

/// <summary>
/// <c>POST /api/v1/admin/backup</c>: takes a backup of the running server into <c>{"to": "/absolute/dir"}</c> on the
/// server's machine. Only for the operator: the request must come over loopback and carry the admin token
/// (<see cref="AdminToken"/>) in <see cref="AdminToken.Header"/>. <c>Chirp.Server backup</c> calls it.
/// </summary>
public static class AdminEndpoints
{
    public const string BackupPath = "/api/v1/admin/backup";

    public static void Map(WebApplication app) => app.MapPost(BackupPath, BackupAsync);

    /// <summary>Refuses a call that is not the operator's: 403 unless over loopback, 401 without the admin token.</summary>
    public static void RequireOperator(HttpContext context, AdminToken token)
    {
        if (context.Connection.RemoteIpAddress is not { } address || !System.Net.IPAddress.IsLoopback(address))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "Admin calls are accepted over loopback only");
        }

        if (!token.Matches(context.Request.Headers[AdminToken.Header].ToString()))
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, $"The admin token is missing or wrong; it is in <data>/server/{AdminToken.FileName}");
        }
    }

    private static async Task<IResult> BackupAsync(HttpContext context, [FromBody] BackupRequest? request, AdminToken token, ServerBackup backup)
    {
        RequireOperator(context, token);
        if (string.IsNullOrWhiteSpace(request?.To))
        {
            throw ApiException.Missing("to");
        }

        try
        {
            return Results.Json(await backup.CreateAsync(request.To, context.RequestAborted).ConfigureAwait(false));
        }
        catch (BackupRefusedException refused)
        {
            throw new ApiException(refused.Reason == BackupRefusal.InvalidDirectory ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, refused.Message);
        }
    }
}
