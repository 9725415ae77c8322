using System.Text.Json.Serialization;

namespace Chirp.Server.Mastodon;

/// <summary>
/// An error body, <c>{"error": "..."}</c>. Unlike every other entity, its optional parts are left out when absent
/// (not written as null): Mastodon never sends them as null, and OAuth client libraries read
/// <c>error_description</c> as a string whenever the key is there.
/// </summary>
public sealed record ErrorEntity
{
    /// <summary>The message Mastodon clients show (for OAuth errors, the RFC 6749 code such as <c>invalid_grant</c>).</summary>
    public required string Error { get; init; }

    /// <summary>OAuth errors only: a sentence for people.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorDescription { get; init; }

    /// <summary>422 validation errors only: the problems per field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<ValidationErrorEntity>>? Details { get; init; }

    /// <summary>404: Mastodon's exact message, which clients match on.</summary>
    public static ErrorEntity NotFound() => new() { Error = "Record not found" };

    /// <summary>429.</summary>
    public static ErrorEntity TooManyRequests() => new() { Error = "Too many requests" };

    /// <summary>An OAuth error: an RFC 6749 code and a description.</summary>
    public static ErrorEntity OAuth(string error, string description) =>
        new() { Error = error, ErrorDescription = description };

    /// <summary>
    /// 422 for one field: <c>{"error": "Validation failed: {description}", "details": {field: [{error: code, description}]}}</c>.
    /// </summary>
    /// <param name="field">The request parameter, for example <c>status</c>.</param>
    /// <param name="code">One of <see cref="ValidationErrorCode"/>.</param>
    /// <param name="description">What is wrong, for people.</param>
    public static ErrorEntity Validation(string field, string code, string description) => new()
    {
        Error = $"Validation failed: {description}",
        Details = new Dictionary<string, IReadOnlyList<ValidationErrorEntity>>
        {
            [field] = [new ValidationErrorEntity { Error = code, Description = description }],
        },
    };
}
