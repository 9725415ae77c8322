using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Accounts;

public sealed class AccountTests : IDisposable
{
    private readonly TempEngine _temp = new();

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task Created_account_can_be_read_by_id_and_by_username_ignoring_case()
    {
        var alice = await Engine.CreateAccountAsync(new NewAccount("Alice_1", "Alice@Example.com", "Alice", "hello"));

        Assert.Equal("Alice_1", alice.Username);
        Assert.Equal("alice@example.com", alice.Email);
        Assert.Equal(alice, Engine.GetAccount(alice.Id));
        Assert.Equal(alice.Id, Engine.GetAccountByUsername("aLICE_1")!.Id);
        Assert.Null(Engine.GetAccountByUsername("bob"));
        Assert.Null(Engine.GetAccount(12345));
    }

    [Theory]
    [InlineData("", "username")]
    [InlineData("has space", "username")]
    [InlineData("dash-name", "username")]
    [InlineData("ünïcode", "username")]
    [InlineData("a234567890123456789012345678901", "username")]
    public async Task Invalid_username_is_refused_with_the_field(string username, string field)
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateAccountAsync(new NewAccount(username, "x@example.com")).AsTask());

        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
        Assert.Equal("validation_failed", error.Code);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.com")]
    [InlineData("nodot@localhost")]
    [InlineData("Name <a@example.com>")]
    [InlineData("spa ce@example.com")]
    public async Task Invalid_email_is_refused(string email)
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateAccountAsync(new NewAccount("someone", email)).AsTask());

        Assert.Equal("email", error.Field);
        Assert.Null(Engine.GetAccountByUsername("someone"));
    }

    [Fact]
    public async Task Username_taken_in_another_case_is_a_conflict_and_writes_nothing()
    {
        await Engine.CreateAccountAsync(new NewAccount("carol", "carol@example.com"));

        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateAccountAsync(new NewAccount("CAROL", "other@example.com")).AsTask());

        Assert.Equal(ChirpErrorCode.Conflict, error.ErrorCode);
        Assert.Equal("username", error.Field);
        // The e-mail of the refused account stays free.
        var other = await Engine.CreateAccountAsync(new NewAccount("dave", "OTHER@example.com"));
        Assert.Equal("other@example.com", other.Email);
    }

    [Fact]
    public async Task Email_taken_in_another_case_is_a_conflict()
    {
        await Engine.CreateAccountAsync(new NewAccount("erin", "erin@example.com"));

        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateAccountAsync(new NewAccount("frank", "ERIN@example.com")).AsTask());

        Assert.Equal(ChirpErrorCode.Conflict, error.ErrorCode);
        Assert.Equal("email", error.Field);
        Assert.Null(Engine.GetAccountByUsername("frank"));
    }

    [Theory]
    [InlineData("a234567890123456789012345678901", null, "display_name")]
    [InlineData("tab\there", null, "display_name")]
    [InlineData(null, "\0", "bio")]
    public async Task Invalid_profile_fields_are_refused(string? displayName, string? bio, string field)
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateAccountAsync(new NewAccount("gina", "gina@example.com", displayName, bio)).AsTask());

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("ann\u202Egnp.exe", null, "display_name")]
    [InlineData("\u202Atext\u202C", null, "display_name")]
    [InlineData("\u2066admin\u2069", null, "display_name")]
    [InlineData("ann\u200E", null, "display_name")]
    [InlineData("ann\u200F", null, "display_name")]
    [InlineData("ann\u061C", null, "display_name")]
    [InlineData("in\uFEFFvisible", null, "display_name")]
    [InlineData(null, "a bio\n\u202Ereversed", "bio")]
    public async Task Bidirectional_controls_and_other_format_characters_are_refused_in_profile_fields(string? displayName, string? bio, string field)
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateAccountAsync(new NewAccount("gina", "gina@example.com", displayName, bio)).AsTask());

        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
        Assert.Equal(field, error.Field);
        Assert.Null(Engine.GetAccountByUsername("gina"));
    }

    [Fact]
    public async Task Emoji_joiners_and_flag_tags_are_kept_in_display_names()
    {
        string names = "👩\u200D💻 🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F";
        var account = await Engine.CreateAccountAsync(new NewAccount("gina", "gina@example.com", names, null));

        Assert.Equal(names, account.DisplayName);
    }

    [Fact]
    public async Task Bio_of_500_code_points_is_accepted_and_501_refused()
    {
        string emoji = "😀";
        await Engine.CreateAccountAsync(new NewAccount("hank", "hank@example.com", null, string.Concat(Enumerable.Repeat(emoji, 500))));

        var error = await Assert.ThrowsAsync<ChirpException>(() =>
            Engine.CreateAccountAsync(new NewAccount("ivan", "ivan@example.com", null, string.Concat(Enumerable.Repeat(emoji, 501)))).AsTask());
        Assert.Equal("bio", error.Field);
    }

    [Fact]
    public async Task Profile_update_changes_only_the_given_fields()
    {
        var judy = await _temp.UserAsync("judy");

        var updated = await Engine.UpdateProfileAsync(judy.Id, new ProfileUpdate(Bio: "new bio"));

        Assert.Equal("new bio", updated.Bio);
        Assert.Equal(judy.DisplayName, updated.DisplayName);
        Assert.Equal(updated, Engine.GetAccount(judy.Id));
    }

    [Fact]
    public async Task Profile_update_of_unknown_account_is_not_found()
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.UpdateProfileAsync(999, new ProfileUpdate("x")).AsTask());

        Assert.Equal(ChirpErrorCode.NotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Credential_hash_is_stored_and_not_part_of_the_account()
    {
        var kim = await _temp.UserAsync("kim");
        Assert.Null(Engine.GetCredential(kim.Id));

        await Engine.SetCredentialAsync(kim.Id, "AQAAAAIAAYagAAAAE-hash");

        Assert.Equal("AQAAAAIAAYagAAAAE-hash", Engine.GetCredential(kim.Id));
        await Assert.ThrowsAsync<ChirpException>(() => Engine.SetCredentialAsync(kim.Id, "").AsTask());
    }

    [Fact]
    public async Task Last_activity_only_moves_forward()
    {
        var lee = await _temp.UserAsync("lee");
        Assert.Null(lee.LastActiveAt);
        var later = DateTimeOffset.UtcNow.AddMinutes(1);

        await Engine.RecordActivityAsync(lee.Id, later);
        await Engine.RecordActivityAsync(lee.Id, later.AddDays(-1));

        Assert.Equal(later.ToUnixTimeMilliseconds(), Engine.GetAccount(lee.Id)!.LastActiveAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Accounts_survive_reopen()
    {
        var mia = await _temp.UserAsync("mia");

        var engine = _temp.Reopen();

        Assert.Equal(mia, engine.GetAccount(mia.Id));
        Assert.Equal(mia.Id, engine.GetAccountByUsername("MIA")!.Id);
        await Assert.ThrowsAsync<ChirpException>(() => engine.CreateAccountAsync(new NewAccount("other", "mia@example.com")).AsTask());
    }

    public void Dispose() => _temp.Dispose();
}
