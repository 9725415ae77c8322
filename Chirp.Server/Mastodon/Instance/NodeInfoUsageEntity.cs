using System.Text.Json.Serialization;

namespace Chirp.Server.Mastodon;

/// <summary>The <c>usage</c> of a NodeInfo document.</summary>
public sealed record NodeInfoUsageEntity
{
    public required NodeInfoUsersEntity Users { get; init; }

    [JsonPropertyName("localPosts")]
    public required long LocalPosts { get; init; }
}
