using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>Accounts: create, read, update, credentials, activity.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>How long an account creation's claim on its e-mail address holds it before the creation confirms it.</summary>
    internal static readonly TimeSpan EmailClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Creates an account. The account lives on the shard its username hashes to. Throws a validation error naming the
    /// field, or a conflict on <c>username</c> or <c>email</c> when either is taken (ignoring case) or another creation
    /// of the same e-mail address is under way. A retry with the same <paramref name="requestId"/> returns the account
    /// the first call created.
    /// </summary>
    public async ValueTask<Account> CreateAccountAsync(NewAccount account, Guid requestId = default, CancellationToken cancellationToken = default)
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
        var userShard = ShardForName(canonicalName);

        // Only a call without a request id is surely not a retry of one that created this very account.
        if (requestId == Guid.Empty && userShard.ReadUserIdByName(canonicalName) is not null)
        {
            throw new ChirpException(ChirpErrorCode.Conflict, $"The username '{account.Username}' is taken.", "username");
        }

        // The address and the account are two shards' writes: claim the address (a lease, refused while another
        // creation holds it), create the account, then bind the claim to it. A creation that dies in between leaves a
        // lease that runs out; every step's request id derives from the creation's, so a retry repeats none of them.
        Guid creationId = RequestIds.OrNew(requestId);
        var emailShard = ShardForName(email);
        await ClaimEmailAsync(email, creationId, canonicalName).ConfigureAwait(false);
        long userId;
        try
        {
            userId = await SubmitAsync(userShard, new CreateAccount
            {
                Username = account.Username,
                Email = email,
                DisplayName = displayName,
                Bio = bio,
                CredentialHash = account.CredentialHash,
            }, RequestIds.ForStep(creationId, AccountCreationStep.CreateAccount)).ConfigureAwait(false);
        }
        catch (ChirpException)
        {
            var release = new ReleaseEmail { Email = email, ClaimantId = creationId };
            await SubmitAsync(emailShard, release, RequestIds.ForStep(creationId, AccountCreationStep.ReleaseEmail)).ConfigureAwait(false);
            throw;
        }

        await ConfirmEmailAsync(email, creationId, userId).ConfigureAwait(false);
        return GetAccount(userId) ?? throw new InvalidOperationException("A created account could not be read back.");
    }

    /// <summary>
    /// Claims an address for an account creation, under a lease that runs from now. Before taking over a lease that ran
    /// out, looks for the account its claimant may have created without confirming (a crash between the two steps) and
    /// confirms that instead: the address is then in use.
    /// </summary>
    internal async ValueTask ClaimEmailAsync(string email, Guid creationId, string canonicalName)
    {
        var emailShard = ShardForName(email);
        long now = NowMs();
        var claim = emailShard.ReadEmailClaim(email);
        long staleOwner = 0;
        if (claim is { IsConfirmed: false } && claim.ClaimantId != creationId && claim.LeaseUntilMs <= now
            && ShardForName(claim.Username).ReadUserIdByName(claim.Username) is { } createdId
            && OwnerOf(createdId)?.ReadUser(createdId)?.Email == email)
        {
            await ConfirmEmailAsync(email, claim.ClaimantId, createdId).ConfigureAwait(false);
        }
        else if (claim is { IsConfirmed: true } && claim.ClaimantId == Guid.Empty
            && OwnerOf(claim.UserId)?.ReadUser(claim.UserId)?.Email != email)
        {
            // A claim from before leases whose account was never created.
            staleOwner = claim.UserId;
        }

        await SubmitAsync(emailShard, new ClaimEmail
        {
            Email = email,
            ClaimantId = creationId,
            Username = canonicalName,
            StaleOwnerId = staleOwner,
            AtMs = now,
            LeaseUntilMs = now + (long)EmailClaimLease.TotalMilliseconds,
        }, RequestIds.ForStep(creationId, AccountCreationStep.ClaimEmail)).ConfigureAwait(false);
    }

    private ValueTask<long> ConfirmEmailAsync(string email, Guid creationId, long userId) =>
        SubmitAsync(
            ShardForName(email),
            new ConfirmEmail { Email = email, ClaimantId = creationId, UserId = userId },
            RequestIds.ForStep(creationId, AccountCreationStep.ConfirmEmail));

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
    /// <see cref="Account"/> and not written to the change feed. A retry with the same <paramref name="requestId"/> is
    /// applied once (so it never undoes a later change).
    /// </summary>
    public async ValueTask SetCredentialAsync(long userId, string credentialHash, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        if (string.IsNullOrEmpty(credentialHash) || credentialHash.Length > AccountRules.MaxCredentialLength)
        {
            throw ChirpException.Invalid("credential", $"A credential hash must be 1 to {AccountRules.MaxCredentialLength} characters.");
        }

        var shard = RequireAccountShard(userId);
        await SubmitAsync(shard, new SetCredential { UserId = userId, CredentialHash = credentialHash }, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored credential hash, or null when none was set. Throws not-found for an unknown account.</summary>
    public string? GetCredential(long userId)
    {
        using var pass = _gate.Enter();
        var user = OwnerOf(userId)?.ReadUser(userId) ?? throw ChirpException.NotFound($"Account {userId} does not exist.");
        return user.CredentialHash;
    }

    /// <summary>
    /// Records that the account was active at a time (default: now). Earlier times than the stored one are ignored, so
    /// applying it twice is harmless: the shard keeps no record of its <paramref name="requestId"/>.
    /// </summary>
    public async ValueTask RecordActivityAsync(long userId, DateTimeOffset? at = null, Guid requestId = default, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = RequireAccountShard(userId);
        long atMs = at?.ToUnixTimeMilliseconds() ?? NowMs();
        await SubmitAsync(shard, new RecordActivity { UserId = userId, ActiveAtMs = atMs }, requestId, cancellationToken).ConfigureAwait(false);
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
