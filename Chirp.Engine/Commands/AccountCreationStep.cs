namespace Chirp.Engine.Commands;

/// <summary>The commands of one account creation, each with a request id derived from the creation's (never renumber).</summary>
internal enum AccountCreationStep : byte
{
    ClaimEmail = 1,
    CreateAccount = 2,
    ConfirmEmail = 3,
    ReleaseEmail = 4,
}
