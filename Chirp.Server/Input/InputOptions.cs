using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Input;

/// <summary>
/// The "Chirp:Input" configuration section: how much a request may carry. Parsing cost grows with these, and no
/// login is needed to send a body to <c>POST /api/v1/apps</c>, so they are kept small.
/// </summary>
public sealed class InputOptions
{
    public const string Section = "Chirp:Input";

    /// <summary>
    /// The largest request body of the JSON and form endpoints, in bytes; past it the answer is 413. Media uploads
    /// have their own limit (<c>Chirp:Media:MaxBytes</c> plus the multipart framing).
    /// </summary>
    [Range(4 * 1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The most values one array parameter (<c>name[]</c> or a repeated <c>name</c>) may hold.</summary>
    [Range(1, 100_000)]
    public int MaxArrayElements { get; set; } = 256;

    /// <summary>The most values a request may carry in all (query, form fields and JSON values together).</summary>
    [Range(16, 100_000)]
    public int MaxParameters { get; set; } = 1024;
}
