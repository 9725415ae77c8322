using System.Diagnostics.CodeAnalysis;

namespace Chirp.Server.Mastodon;

/// <summary>An account as its owner sees it (verify_credentials, update_credentials): the account plus its editable source.</summary>
public sealed record CredentialAccountEntity : AccountEntity
{
    /// <summary>Copies every field of the account (through the record copy constructor, so none can be forgotten).</summary>
    [SetsRequiredMembers]
    public CredentialAccountEntity(AccountEntity account, AccountSourceEntity source)
        : base(account ?? throw new ArgumentNullException(nameof(account)))
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    public required AccountSourceEntity Source { get; init; }
}
