using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>Accounts: create, read, update, credentials, activity.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>
    /// Creates an account. The account lives on the shard its username hashes to. Throws a validation error naming the
    /// field, or a conflict on <c>username</c> or <c>email</c> when either is taken (ignoring case).
    /// </summary>
    public async ValueTask<Account> CreateAccountAsync(NewAccount account, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        ArgumentNullException.ThrowIfNull(account);
        AccountRules.ValidateUsername(account.Username);
        string email = AccountRules.NormalizeEmail(account.Email);
        string displayName = AccountRules.NormalizeDisplayName(account.DisplayName);
        string bio = AccountRules.NormalizeBio(account.Bio);
        if (account.CredentialHash is { } hash && (hash.Length == 0 || hash.Length > AccountRules.MaxCredentialLength))
        {
            throw ChirpException.Invalid("credential", $"A credential hash must be 1 to {AccountRules.MaxCredentialLength} characters.");
        }

        string canonicalName = account.Username.ToLowerInvariant();

        // One creation at a time per e-mail address (by lock stripe): an e-mail claim and the account it names are two
        // shards' writes, and a claim whose account does not exist is stale only when no creation of that address is in
        // flight. Creations of different addresses run in parallel; a username race is settled by the user's shard.
        var emailLock = _emailLocks[StableHash(email) % (uint)_emailLocks.Length];
        await emailLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var userShard = ShardForName(canonicalName);
            if (userShard.ReadUserIdByName(canonicalName) is not null)
            {
                throw new ChirpException(ChirpErrorCode.Conflict, $"The username '{account.Username}' is taken.", "username");
            }

            var emailShard = ShardForName(email);
            long staleOwner = 0;
            var claim = emailShard.ReadEmailClaim(email);
            if (claim is not null)
            {
                var owner = OwnerOf(claim.UserId)?.ReadUser(claim.UserId);
                if (owner is not null && owner.Email == email)
                {
                    throw new ChirpException(ChirpErrorCode.Conflict, "The e-mail address is already in use.", "email");
                }

                staleOwner = claim.UserId;
            }

            long userId = userShard.Ids.Next();
            await SubmitAsync(emailShard, new ClaimEmail { Email = email, UserId = userId, StaleOwnerId = staleOwner }, Guid.Empty, cancellationToken).ConfigureAwait(false);
            try
            {
                await SubmitAsync(userShard, new CreateAccount
                {
                    UserId = userId,
                    Username = account.Username,
                    Email = email,
                    DisplayName = displayName,
                    Bio = bio,
                    CredentialHash = account.CredentialHash,
                }, Guid.Empty).ConfigureAwait(false);
            }
            catch (ChirpException)
            {
                await SubmitAsync(emailShard, new ReleaseEmail { Email = email, UserId = userId }, Guid.Empty).ConfigureAwait(false);
                throw;
            }

            return GetAccount(userId) ?? throw new InvalidOperationException("A created account could not be read back.");
        }
        finally
        {
            emailLock.Release();
        }
    }

    /// <summary>The account with this id, or null.</summary>
    public Account? GetAccount(long userId)
    {
        using var pass = _gate.Enter();
        var shard = OwnerOf(userId);
        var user = shard?.ReadUser(userId);
        return user is null ? null : ToAccount(shard!, user);
    }

    /// <summary>The account with this username (ignoring case), or null.</summary>
    public Account? GetAccountByUsername(string username)
    {
        using var pass = _gate.Enter();
        if (string.IsNullOrEmpty(username) || username.Length > AccountRules.MaxUsernameLength)
        {
            return null;
        }

        string canonical = username.ToLowerInvariant();
        long? id = ShardForName(canonical).ReadUserIdByName(canonical);
        return id is null ? null : GetAccount(id.Value);
    }

    /// <summary>The account with this e-mail address (ignoring case), or null (also for a malformed address).</summary>
    public Account? GetAccountByEmail(string email)
    {
        using var pass = _gate.Enter();
        string canonical;
        try
        {
            canonical = AccountRules.NormalizeEmail(email);
        }
        catch (ChirpException)
        {
            return null;
        }

        var claim = ShardForName(canonical).ReadEmailClaim(canonical);
        var account = claim is null ? null : GetAccount(claim.UserId);
        return account is not null && account.Email == canonical ? account : null;
    }

    /// <summary>The accounts for a list of ids, in the same order; null where an id names no account.</summary>
    public IReadOnlyList<Account?> GetAccounts(IReadOnlyList<long> userIds)
    {
        using var pass = _gate.Enter();
        ArgumentNullException.ThrowIfNull(userIds);
        var accounts = new Account?[userIds.Count];
        for (int i = 0; i < accounts.Length; i++)
        {
            accounts[i] = GetAccount(userIds[i]);
        }

        return accounts;
    }

    /// <summary>Changes the display name and/or bio. Throws not-found for an unknown account.</summary>
    public async ValueTask<Account> UpdateProfileAsync(long userId, ProfileUpdate update, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        ArgumentNullException.ThrowIfNull(update);
        var shard = RequireAccountShard(userId);
        var command = new UpdateProfile
        {
            UserId = userId,
            DisplayName = update.DisplayName is null ? null : AccountRules.NormalizeDisplayName(update.DisplayName),
            Bio = update.Bio is null ? null : AccountRules.NormalizeBio(update.Bio),
        };
        await SubmitAsync(shard, command, requestId, cancellationToken).ConfigureAwait(false);
        return GetAccount(userId)!;
    }

    /// <summary>
    /// Stores a credential hash computed by the caller (the engine never sees passwords). It is not part of
    /// <see cref="Account"/> and not written to the change feed.
    /// </summary>
    public async ValueTask SetCredentialAsync(long userId, string credentialHash, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        if (string.IsNullOrEmpty(credentialHash) || credentialHash.Length > AccountRules.MaxCredentialLength)
        {
            throw ChirpException.Invalid("credential", $"A credential hash must be 1 to {AccountRules.MaxCredentialLength} characters.");
        }

        var shard = RequireAccountShard(userId);
        await SubmitAsync(shard, new SetCredential { UserId = userId, CredentialHash = credentialHash }, Guid.Empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored credential hash, or null when none was set. Throws not-found for an unknown account.</summary>
    public string? GetCredential(long userId)
    {
        using var pass = _gate.Enter();
        var user = OwnerOf(userId)?.ReadUser(userId) ?? throw ChirpException.NotFound($"Account {userId} does not exist.");
        return user.CredentialHash;
    }

    /// <summary>Records that the account was active at a time (default: now). Earlier times than the stored one are ignored.</summary>
    public async ValueTask RecordActivityAsync(long userId, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(userId);
        long atMs = at?.ToUnixTimeMilliseconds() ?? NowMs();
        await SubmitAsync(shard, new RecordActivity { UserId = userId, ActiveAtMs = atMs }, Guid.Empty, cancellationToken).ConfigureAwait(false);
    }

    private Shard RequireAccountShard(long userId)
    {
        var shard = OwnerOf(userId);
        return shard is not null && shard.UserExists(userId)
            ? shard
            : throw ChirpException.NotFound($"Account {userId} does not exist.");
    }

    private static Account ToAccount(Shard shard, UserRecord user)
    {
        Span<long> counters = stackalloc long[CounterSlot.Count];
        shard.ReadCounters(user.Id, counters);
        return new Account(
            user.Id,
            user.Username,
            user.Email,
            user.DisplayName,
            user.Bio,
            SnowflakeId.TimeOf(user.Id),
            user.LastActiveMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(user.LastActiveMs),
            counters[CounterSlot.Followers],
            counters[CounterSlot.Following],
            counters[CounterSlot.Tweets]);
    }
}
