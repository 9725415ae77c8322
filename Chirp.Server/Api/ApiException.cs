namespace Chirp.Server.Api;

/// <summary>
/// An error answered with a Mastodon error body: <c>{"error": "..."}</c>, plus <c>error_description</c> for OAuth
/// errors and <c>details</c> for 422 validation errors. Thrown by endpoints, turned into the response by
/// <see cref="ApiErrors"/>; never a 500.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string error, string? description = null, string? fieldName = null, string? detailCode = null)
        : base(error)
    {
        Status = status;
        Error = error;
        Description = description;
        FieldName = fieldName;
        DetailCode = detailCode;
    }

    public int Status { get; }

    public string Error { get; }

    public string? Description { get; }

    /// <summary>For a 422, the parameter at fault.</summary>
    public string? FieldName { get; }

    /// <summary>For a 422, Mastodon's detail code (ERR_BLANK, ERR_INVALID, ERR_TAKEN, ERR_TOO_LONG...).</summary>
    public string? DetailCode { get; }

    /// <summary>For a 429, when to try again (the <c>Retry-After</c> header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiException TooManyRequests(TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, "Too many requests") { RetryAfter = retryAfter };

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiException Missing(string name) => new(StatusCodes.Status400BadRequest, $"Missing parameter: {name}", fieldName: name);

    public static ApiException NotFound() => new(StatusCodes.Status404NotFound, "Record not found");

    public static ApiException Forbidden(string message = "This action is not allowed") => new(StatusCodes.Status403Forbidden, message);

    public static ApiException Validation(string field, string code, string message) =>
        new(StatusCodes.Status422UnprocessableEntity, $"Validation failed: {message}", fieldName: field, detailCode: code);

    /// <summary>An OAuth error (RFC 6749 §5.2): the code in <c>error</c>, the reason in <c>error_description</c>.</summary>
    public static ApiException OAuth(int status, string code, string description) => new(status, code, description);
}
