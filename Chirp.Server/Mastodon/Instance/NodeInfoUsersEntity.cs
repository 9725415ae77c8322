using System.Text.Json.Serialization;

namespace Chirp.Server.Mastodon;

/// <summary>User counts in a NodeInfo document.</summary>
public sealed record NodeInfoUsersEntity
{
    public required long Total { get; init; }

    [JsonPropertyName("activeMonth")]
    public required long ActiveMonth { get; init; }

    [JsonPropertyName("activeHalfyear")]
    public required long ActiveHalfyear { get; init; }
}
