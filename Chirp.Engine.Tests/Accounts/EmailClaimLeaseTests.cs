using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Accounts;

/// <summary>
/// E-mail uniqueness holds at the command level: a claim is decided by the address's shard from the command alone, so
/// the same holds for creations made by other processes. A "crashed" creation is one whose first commands were applied
/// and whose next ones never were.
/// </summary>
public sealed class EmailClaimLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_creations_of_one_address_create_exactly_one_account()
    {
        using var temp = new TempEngine(shards: 4);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                return await temp.Engine.CreateAccountAsync(new NewAccount($"racer{i}", "same@example.com"));
            }
            catch (ChirpException e) when (e.ErrorCode == ChirpErrorCode.Conflict && e.Field == "email")
            {
                return null;
            }
        })));

        var winner = Assert.Single(outcomes.OfType<Account>());
        Assert.Equal(winner.Id, temp.Engine.GetAccountByEmail("same@example.com")!.Id);
        Assert.Single(Enumerable.Range(0, 40), i => temp.Engine.GetAccountByUsername($"racer{i}") is not null);
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_creation_blocks_the_address_until_its_lease_runs_out_also_after_reopen()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempEngine(shards: 4, options => options with { Clock = clock });
        await temp.Engine.ClaimEmailAsync("kim@example.com", Guid.CreateVersion7(), "ghost");
        temp.Reopen();

        clock.Now = Start + ChirpEngine.EmailClaimLease - TimeSpan.FromMilliseconds(1);
        var refused = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateAccountAsync(new NewAccount("kim", "kim@example.com")).AsTask());
        clock.Now = Start + ChirpEngine.EmailClaimLease;
        var kim = await temp.Engine.CreateAccountAsync(new NewAccount("kim", "kim@example.com"));

        Assert.Equal((ChirpErrorCode.Conflict, "email"), (refused.ErrorCode, refused.Field));
        Assert.Equal(kim.Id, temp.Engine.GetAccountByEmail("kim@example.com")!.Id);
        Assert.Null(temp.Engine.GetAccountByUsername("ghost"));
    }

    [Fact]
    public async Task A_confirmed_claim_never_expires()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempEngine(shards: 4, options => options with { Clock = clock });
        var ann = await temp.Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com"));

        clock.Now = Start.AddYears(3);
        temp.Reopen();
        var refused = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateAccountAsync(new NewAccount("annie", "ANN@example.com")).AsTask());

        Assert.Equal((ChirpErrorCode.Conflict, "email"), (refused.ErrorCode, refused.Field));
        Assert.Equal(ann.Id, temp.Engine.GetAccountByEmail("ann@example.com")!.Id);
    }

    [Fact]
    public async Task An_account_created_by_a_creation_that_died_before_confirming_keeps_its_address_after_the_lease()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempEngine(shards: 4, options => options with { Clock = clock });
        var creation = Guid.CreateVersion7();
        await temp.Engine.ClaimEmailAsync("lee@example.com", creation, "lee");
        var userShard = temp.Engine.ShardForName("lee");
        var created = await userShard.SubmitAsync(new CreateAccount { UserId = userShard.Ids.Next(), Username = "lee", Email = "lee@example.com" });
        temp.Reopen();

        clock.Now = Start + ChirpEngine.EmailClaimLease + TimeSpan.FromMinutes(1);
        var refused = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateAccountAsync(new NewAccount("other", "lee@example.com")).AsTask());

        Assert.Equal((ChirpErrorCode.Conflict, "email"), (refused.ErrorCode, refused.Field));
        Assert.Equal(created.Id, temp.Engine.GetAccountByEmail("lee@example.com")!.Id);
        Assert.Null(temp.Engine.GetAccountByUsername("other"));
    }

    [Fact]
    public async Task A_creation_refused_on_its_username_frees_its_address_at_once()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempEngine(shards: 4, options => options with { Clock = clock });
        await temp.Engine.CreateAccountAsync(new NewAccount("taken", "first@example.com"));

        var refused = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateAccountAsync(new NewAccount("taken", "second@example.com"), Guid.CreateVersion7()).AsTask());
        var second = await temp.Engine.CreateAccountAsync(new NewAccount("free", "second@example.com"));

        Assert.Equal((ChirpErrorCode.Conflict, "username"), (refused.ErrorCode, refused.Field));
        Assert.Equal(second.Id, temp.Engine.GetAccountByEmail("second@example.com")!.Id);
    }

    [Fact]
    public async Task A_creation_whose_lease_was_taken_over_cannot_confirm_its_claim()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempEngine(shards: 4, options => options with { Clock = clock });
        var paused = Guid.CreateVersion7();
        await temp.Engine.ClaimEmailAsync("joy@example.com", paused, "slow");
        clock.Now = Start + ChirpEngine.EmailClaimLease;
        var joy = await temp.Engine.CreateAccountAsync(new NewAccount("joy", "joy@example.com"));

        var confirm = await temp.Engine.ShardForName("joy@example.com").SubmitAsync(new ConfirmEmail { Email = "joy@example.com", ClaimantId = paused, UserId = 42 });

        Assert.Equal(ChirpErrorCode.Conflict, confirm.ToException().ErrorCode);
        Assert.Equal(joy.Id, temp.Engine.GetAccountByEmail("joy@example.com")!.Id);
    }

    [Fact]
    public async Task A_claim_from_before_leases_holds_for_its_account_and_is_taken_over_when_that_account_does_not_exist()
    {
        using var temp = new TempEngine(shards: 4);
        var ann = await temp.Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        WriteClaimWithoutLease(temp.Engine, "ann@example.com", ann.Id);
        WriteClaimWithoutLease(temp.Engine, "never@example.com", ann.Id + 1);
        temp.Reopen();

        var refused = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateAccountAsync(new NewAccount("annie", "ann@example.com")).AsTask());
        var taker = await temp.Engine.CreateAccountAsync(new NewAccount("taker", "never@example.com"));

        Assert.Equal((ChirpErrorCode.Conflict, "email"), (refused.ErrorCode, refused.Field));
        Assert.Equal(ann.Id, temp.Engine.GetAccountByEmail("ann@example.com")!.Id);
        Assert.Equal(taker.Id, temp.Engine.GetAccountByEmail("never@example.com")!.Id);
    }

    /// <summary>A claim as account creation wrote it before leases: [user id, time], the user id from the start.</summary>
    private static void WriteClaimWithoutLease(ChirpEngine engine, string email, long userId)
    {
        var store = engine.ShardForName(email).Store;
        store.Db.Put(Keys.Name(email), Serialization.Serialize(new long[] { userId, 1 }), store.Emails);
    }
}
