namespace Chirp.Server.Logging;

/// <summary>
/// Security events, structured, at Information under <see cref="Category"/>: sign-ups, logins that worked or failed,
/// token revocations. They carry ids (account, client, token), never a password, a token or what a failed login
/// typed: a login name typed by mistake is often the user's password.
/// </summary>
public sealed partial class SecurityEvents(ILoggerFactory loggers)
{
    public const string Category = "Chirp.Server.Security";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public void SignedUp(long accountId, string username, string clientId) => SignedUpMessage(_logger, accountId, username, clientId);

    public void LoginSucceeded(long accountId, string clientId, string grant) => LoginSucceededMessage(_logger, accountId, clientId, grant);

    public void LoginFailed(string clientId, string grant) => LoginFailedMessage(_logger, clientId, grant);

    public void TokenRevoked(string tokenId, string clientId) => TokenRevokedMessage(_logger, tokenId, clientId);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Sign-up: account {AccountId} ({Username}) through client {ClientId}")]
    private static partial void SignedUpMessage(ILogger logger, long accountId, string username, string clientId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Login: account {AccountId} through client {ClientId} ({Grant})")]
    private static partial void LoginSucceededMessage(ILogger logger, long accountId, string clientId, string grant);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Failed login through client {ClientId} ({Grant})")]
    private static partial void LoginFailedMessage(ILogger logger, string clientId, string grant);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Token {TokenId} of client {ClientId} revoked")]
    private static partial void TokenRevokedMessage(ILogger logger, string tokenId, string clientId);
}
