using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Accounts;

public sealed class ConcurrentSignupTests
{
    [Fact]
    public async Task Racing_signups_never_share_a_username_or_an_email_and_leak_no_claims()
    {
        using var temp = new TempEngine(shards: 4);
        // 60 signups: usernames collide in threes, e-mails collide in pairs, all at once.
        var attempts = Enumerable.Range(0, 60)
            .Select(i => new NewAccount($"name{i / 3}", $"mail{i / 2}@example.com"))
            .ToList();

        var outcomes = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                return (Account: await temp.Engine.CreateAccountAsync(a), Error: (ChirpException?)null);
            }
            catch (ChirpException error)
            {
                return (Account: (Account?)null, Error: error);
            }
        }));

        var created = outcomes.Where(o => o.Account is not null).Select(o => o.Account!).ToList();
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(ChirpErrorCode.Conflict, o.Error!.ErrorCode));
        Assert.Equal(created.Count, created.Select(a => a.Username).Distinct().Count());
        Assert.Equal(created.Count, created.Select(a => a.Email).Distinct().Count());
        Assert.All(created, a => Assert.Equal(a.Id, temp.Engine.GetAccountByUsername(a.Username)!.Id));

        // Every e-mail whose signups all lost on the username is free again.
        var takenEmails = created.Select(a => a.Email).ToHashSet();
        int fresh = 0;
        foreach (string email in attempts.Select(a => a.Email).Distinct().Where(e => !takenEmails.Contains(e)))
        {
            var account = await temp.Engine.CreateAccountAsync(new NewAccount("fresh" + fresh++, email));
            Assert.Equal(email, account.Email);
        }
    }
}
