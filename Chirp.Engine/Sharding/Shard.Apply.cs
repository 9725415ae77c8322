using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>Command dispatch and the account commands. Apply code reads, validates, and only then writes.</summary>
internal sealed partial class Shard
{
    private ApplyResult Apply(ShardCommand command, ApplyContext context) => command switch
    {
        CreateAccount c => ApplyCreateAccount(c, context),
        ClaimEmail c => ApplyClaimEmail(c, context),
        ReleaseEmail c => ApplyReleaseEmail(c, context),
        ConfirmEmail c => ApplyConfirmEmail(c, context),
        UpdateProfile c => ApplyUpdateProfile(c, context),
        SetCredential c => ApplySetCredential(c, context),
        RecordActivity c => ApplyRecordActivity(c, context),
        CreateTweet c => ApplyCreateTweet(c, context),
        EditTweet c => ApplyEditTweet(c, context),
        DeleteTweet c => ApplyDeleteTweet(c, context),
        AddAuthored c => ApplyAddAuthored(c, context),
        RemoveAuthored c => ApplyRemoveAuthored(c, context),
        Like c => ApplyLike(c, context),
        Unlike c => ApplyUnlike(c, context),
        AddLiker c => ApplyAddLiker(c, context),
        RemoveLiker c => ApplyRemoveLiker(c, context),
        Retweet c => ApplyRetweet(c, context),
        UndoRetweet c => ApplyUndoRetweet(c, context),
        AddRetweeter c => ApplyAddRetweeter(c, context),
        RemoveRetweeter c => ApplyRemoveRetweeter(c, context),
        Follow c => ApplyFollow(c, context),
        Unfollow c => ApplyUnfollow(c, context),
        AddFollower c => ApplyAddFollower(c, context),
        RemoveFollower c => ApplyRemoveFollower(c, context),
        PruneRequests c => ApplyPruneRequests(c, context),
        AcknowledgeOutbox c => ApplyAcknowledgeOutbox(c, context),
        _ => throw new InvalidOperationException($"Unknown command {command.GetType().Name}."),
    };

    private ApplyResult ApplyCreateAccount(CreateAccount c, ApplyContext context)
    {
        byte[] nameKey = Keys.Name(c.Username.ToLowerInvariant());
        byte[]? owner = context.Get(Store.Usernames, nameKey);
        if (owner is not null)
        {
            return Keys.ReadInt64Value(owner) == c.UserId
                ? ApplyResult.Ok(c.UserId)
                : ApplyResult.Conflict("username", $"The username '{c.Username}' is taken.");
        }

        var user = new UserRecord
        {
            Id = c.UserId,
            Username = c.Username,
            Email = c.Email,
            DisplayName = c.DisplayName,
            Bio = c.Bio,
            CredentialHash = c.CredentialHash,
            UpdatedMs = c.AtMs,
        };
        context.Write(Store.Users, Keys.Id(c.UserId), user);
        context.Put(Store.Usernames, nameKey, Keys.Int64Value(c.UserId));
        context.AddToCounter(CounterSlot.TotalsId, CounterSlot.Accounts, 1);
        context.NoteId(c.UserId);
        context.Changed(c);
        return ApplyResult.Ok(c.UserId);
    }

    private ApplyResult ApplyClaimEmail(ClaimEmail c, ApplyContext context)
    {
        byte[] key = Keys.Name(c.Email);
        var claim = context.Read<EmailClaim>(Store.Emails, key);
        if (claim is not null)
        {
            if (claim.IsConfirmed)
            {
                if (claim.ClaimantId == c.ClaimantId && c.ClaimantId != Guid.Empty)
                {
                    // A retry of the creation that holds the address.
                    return ApplyResult.Ok(claim.UserId);
                }

                if (claim.ClaimantId != Guid.Empty || claim.UserId != c.StaleOwnerId)
                {
                    return EmailInUse();
                }
            }
            else if (claim.ClaimantId != c.ClaimantId && claim.LeaseUntilMs > c.AtMs)
            {
                return EmailInUse();
            }
        }

        context.Write(Store.Emails, key, new EmailClaim
        {
            ClaimantId = c.ClaimantId,
            LeaseUntilMs = c.LeaseUntilMs,
            ClaimedAtMs = c.AtMs,
            Username = c.Username,
        });
        return ApplyResult.Ok();
    }

    private ApplyResult ApplyConfirmEmail(ConfirmEmail c, ApplyContext context)
    {
        byte[] key = Keys.Name(c.Email);
        var claim = context.Read<EmailClaim>(Store.Emails, key);
        if (claim is null || claim.ClaimantId != c.ClaimantId || (claim.IsConfirmed && claim.UserId != c.UserId))
        {
            // The lease ran out and another creation took the address.
            return EmailInUse();
        }

        if (!claim.IsConfirmed)
        {
            claim.UserId = c.UserId;
            claim.LeaseUntilMs = 0;
            context.Write(Store.Emails, key, claim);
        }

        return ApplyResult.Ok(c.UserId);
    }

    private ApplyResult ApplyReleaseEmail(ReleaseEmail c, ApplyContext context)
    {
        byte[] key = Keys.Name(c.Email);
        var claim = context.Read<EmailClaim>(Store.Emails, key);
        if (claim is { IsConfirmed: false } && claim.ClaimantId == c.ClaimantId)
        {
            context.Delete(Store.Emails, key);
        }

        return ApplyResult.Ok();
    }

    private static ApplyResult EmailInUse() => ApplyResult.Conflict("email", "The e-mail address is already in use.");

    private ApplyResult ApplyUpdateProfile(UpdateProfile c, ApplyContext context)
    {
        byte[] key = Keys.Id(c.UserId);
        var user = context.Read<UserRecord>(Store.Users, key);
        if (user is null)
        {
            return ApplyResult.NotFound($"Account {c.UserId} does not exist.");
        }

        user.DisplayName = c.DisplayName ?? user.DisplayName;
        user.Bio = c.Bio ?? user.Bio;
        user.UpdatedMs = c.AtMs;
        context.Write(Store.Users, key, user);
        context.Changed(c);
        return ApplyResult.Ok(c.UserId);
    }

    private ApplyResult ApplySetCredential(SetCredential c, ApplyContext context)
    {
        byte[] key = Keys.Id(c.UserId);
        var user = context.Read<UserRecord>(Store.Users, key);
        if (user is null)
        {
            return ApplyResult.NotFound($"Account {c.UserId} does not exist.");
        }

        // Not a change-feed entry: no derived store needs credentials, and the feed should not carry them.
        user.CredentialHash = c.CredentialHash;
        context.Write(Store.Users, key, user);
        return ApplyResult.Ok(c.UserId);
    }

    private ApplyResult ApplyRecordActivity(RecordActivity c, ApplyContext context)
    {
        byte[] key = Keys.Id(c.UserId);
        var user = context.Read<UserRecord>(Store.Users, key);
        if (user is null)
        {
            return ApplyResult.NotFound($"Account {c.UserId} does not exist.");
        }

        if (c.ActiveAtMs > user.LastActiveMs)
        {
            user.LastActiveMs = c.ActiveAtMs;
            context.Write(Store.Users, key, user);
        }

        return ApplyResult.Ok(c.UserId);
    }

    /// <summary>
    /// Deletes request records applied before the cutoff, at most a bounded number per command. It reads the records as
    /// the group sees them, so a prune finds the same records whether or not earlier commands share its entry.
    /// </summary>
    private ApplyResult ApplyPruneRequests(PruneRequests c, ApplyContext context)
    {
        const int MaxPerCommand = 10_000;
        var expired = new List<byte[]>();
        using (var iterator = context.Iterate(Store.RequestsByTime))
        {
            for (iterator.SeekToFirst(); iterator.Valid() && expired.Count < MaxPerCommand; iterator.Next())
            {
                byte[] key = iterator.Key();
                if (Keys.ReadId(key) >= c.BeforeMs)
                {
                    break;
                }

                expired.Add(key);
            }
        }

        // Deleted after the iterator is gone: a batch must not change under its own iterator.
        foreach (byte[] key in expired)
        {
            context.Delete(Store.RequestsByTime, key);
            context.Delete(Store.Requests, key[8..]);
        }

        return ApplyResult.Ok(expired.Count);
    }
}
