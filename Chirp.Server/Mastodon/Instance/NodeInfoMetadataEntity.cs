using System.Text.Json.Serialization;

namespace Chirp.Server.Mastodon;

/// <summary>Free-form NodeInfo metadata; <c>upstream</c> tells client libraries to speak the Mastodon API.</summary>
public sealed record NodeInfoMetadataEntity
{
    [JsonPropertyName("nodeName")]
    public required string NodeName { get; init; }

    public required NodeInfoUpstreamEntity Upstream { get; init; }
}
