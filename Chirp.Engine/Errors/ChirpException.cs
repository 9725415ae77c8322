namespace Chirp.Engine;

/// <summary>
/// The one exception type the engine throws for a refused operation. When it is thrown, nothing was written.
/// Branch on <see cref="ErrorCode"/>; show <see cref="Code"/> to machines and <see cref="Exception.Message"/> to people.
/// </summary>
public sealed class ChirpException : Exception
{
    /// <summary>Creates an error with a code, an optional field and a message.</summary>
    public ChirpException(ChirpErrorCode errorCode, string message, string? field = null)
        : base(message)
    {
        ErrorCode = errorCode;
        Field = field;
    }

    /// <summary>An error with its cause, for failures that are not refusals (a shard that stopped applying).</summary>
    internal ChirpException(ChirpErrorCode errorCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>What kind of refusal this is.</summary>
    public ChirpErrorCode ErrorCode { get; }

    /// <summary>The stable snake_case code, for example <c>validation_failed</c> or <c>not_found</c>.</summary>
    public string Code => CodeOf(ErrorCode);

    /// <summary>For validation errors, the name of the offending argument (for example <c>username</c>).</summary>
    public string? Field { get; }

    /// <summary>The stable string form of an error code.</summary>
    public static string CodeOf(ChirpErrorCode code) => code switch
    {
        ChirpErrorCode.Validation => "validation_failed",
        ChirpErrorCode.NotFound => "not_found",
        ChirpErrorCode.Forbidden => "forbidden",
        ChirpErrorCode.Conflict => "conflict",
        ChirpErrorCode.UnsupportedFormat => "unsupported_format",
        ChirpErrorCode.OptionsMismatch => "options_mismatch",
        ChirpErrorCode.Disabled => "disabled",
        ChirpErrorCode.ShardFailed => "shard_failed",
        ChirpErrorCode.FeedTrimmed => "feed_trimmed",
        ChirpErrorCode.StorageDamaged => "storage_damaged",
        ChirpErrorCode.DamagedCheckpoint => "damaged_checkpoint",
        ChirpErrorCode.NotLeader => "not_leader",
        ChirpErrorCode.WriteOutcomeUnknown => "write_outcome_unknown",
        _ => "error",
    };

    internal static ChirpException Invalid(string field, string message) => new(ChirpErrorCode.Validation, message, field);

    internal static ChirpException NotFound(string message) => new(ChirpErrorCode.NotFound, message);
}
