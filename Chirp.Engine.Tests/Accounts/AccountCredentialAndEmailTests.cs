using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Accounts;

public sealed class AccountCredentialAndEmailTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 3);

    [Fact]
    public async Task A_credential_given_at_creation_is_stored_with_the_account_and_survives_reopen()
    {
        var ann = await _temp.Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com", CredentialHash: "hash-of-ann"));
        var bob = await _temp.Engine.CreateAccountAsync(new NewAccount("bob", "bob@example.com"));

        Assert.Equal("hash-of-ann", _temp.Engine.GetCredential(ann.Id));
        Assert.Null(_temp.Engine.GetCredential(bob.Id));
        Assert.Equal("hash-of-ann", _temp.Reopen().GetCredential(ann.Id));
    }

    [Fact]
    public async Task An_empty_or_overlong_credential_is_refused_and_creates_nothing()
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => _temp.Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com", CredentialHash: "")).AsTask());
        Assert.Equal("credential", error.Field);
        await Assert.ThrowsAsync<ChirpException>(() => _temp.Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com", CredentialHash: new string('x', 1025))).AsTask());
        Assert.Null(_temp.Engine.GetAccountByUsername("ann"));
        Assert.Null(_temp.Engine.GetAccountByEmail("ann@example.com"));
    }

    [Fact]
    public async Task Accounts_are_found_by_email_ignoring_case()
    {
        var ann = await _temp.UserAsync("ann");

        Assert.Equal(ann.Id, _temp.Engine.GetAccountByEmail("ANN@Example.com")?.Id);
        Assert.Null(_temp.Engine.GetAccountByEmail("nobody@example.com"));
        Assert.Null(_temp.Engine.GetAccountByEmail("not an address"));
    }

    public void Dispose() => _temp.Dispose();
}
