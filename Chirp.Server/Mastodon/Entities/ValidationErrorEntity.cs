namespace Chirp.Server.Mastodon;

/// <summary>One problem with one field in a 422 error's <c>details</c>.</summary>
public sealed record ValidationErrorEntity
{
    /// <summary>One of <see cref="ValidationErrorCode"/>.</summary>
    public required string Error { get; init; }

    public required string Description { get; init; }
}
