using System.Text.Json.Serialization;

namespace Chirp.Server.Mastodon;

/// <summary>
/// NodeInfo 2.0 (<c>/nodeinfo/2.0</c>). Its keys are camelCase by its own schema, hence the explicit names that
/// override the API's snake_case policy.
/// </summary>
public sealed record NodeInfoEntity
{
    public string Version { get; init; } = "2.0";

    public required NodeInfoSoftwareEntity Software { get; init; }

    /// <summary>Empty: Chirp speaks no federation protocol (the schema asks for one, but naming one would be false).</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    public NodeInfoServicesEntity Services { get; init; } = new();

    [JsonPropertyName("openRegistrations")]
    public required bool OpenRegistrations { get; init; }

    public required NodeInfoUsageEntity Usage { get; init; }

    public required NodeInfoMetadataEntity Metadata { get; init; }
}
