namespace Chirp.Server.Mastodon;

/// <summary>The answer to <c>GET /api/v2/search</c>: all three lists, always, empty when their type was not searched.</summary>
public sealed record SearchResultsEntity
{
    public IReadOnlyList<AccountEntity> Accounts { get; init; } = [];

    public IReadOnlyList<StatusEntity> Statuses { get; init; } = [];

    public IReadOnlyList<TagEntity> Hashtags { get; init; } = [];
}
