namespace Chirp.Server.Mastodon;

/// <summary>Builds instance metadata (v1, v2) and NodeInfo from the server's facts.</summary>
public static class InstanceMapper
{
    /// <summary>
    /// The Mastodon version Chirp's API is modelled on. Clients detect features from it, so it is a plain semantic
    /// version; Chirp's own name and version are in NodeInfo.
    /// </summary>
    public const string MastodonVersion = "4.2.0";

    /// <summary>Mastodon's count per URL, which clients assume (see <see cref="InstanceStatusesConfigurationEntity"/>).</summary>
    public const int CharactersReservedPerUrl = 23;

    /// <summary>The NodeInfo schema served at <c>/nodeinfo/2.0</c>.</summary>
    public const string NodeInfoSchema = "http://nodeinfo.diaspora.software/ns/schema/2.0";

    /// <summary>For <c>GET /api/v1/instance</c>.</summary>
    public static InstanceV1Entity ToInstanceV1(MastodonUrls urls, InstanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(facts);
        return new InstanceV1Entity
        {
            Uri = urls.Domain,
            Title = facts.Title,
            ShortDescription = facts.Description,
            Description = facts.Description,
            Email = facts.ContactEmail,
            Version = MastodonVersion,
            Urls = new InstanceV1UrlsEntity { StreamingApi = urls.StreamingApi },
            Stats = new InstanceStatsEntity { UserCount = facts.UserCount, StatusCount = facts.StatusCount },
            Thumbnail = urls.DefaultHeader,
            Languages = facts.Languages,
            Registrations = facts.RegistrationsOpen,
            Configuration = new InstanceV1ConfigurationEntity
            {
                Accounts = new InstanceAccountsConfigurationEntity(),
                Statuses = Statuses(facts),
                MediaAttachments = Media(facts),
                Polls = new InstancePollsConfigurationEntity(),
            },
        };
    }

    /// <summary>For <c>GET /api/v2/instance</c>.</summary>
    public static InstanceEntity ToInstance(MastodonUrls urls, InstanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(facts);
        return new InstanceEntity
        {
            Domain = urls.Domain,
            Title = facts.Title,
            Version = MastodonVersion,
            SourceUrl = facts.SourceUrl,
            Description = facts.Description,
            Usage = new InstanceUsageEntity { Users = new InstanceUsageUsersEntity { ActiveMonth = facts.ActiveUsersMonth } },
            Thumbnail = new InstanceThumbnailEntity { Url = urls.DefaultHeader },
            Languages = facts.Languages,
            Configuration = new InstanceConfigurationEntity
            {
                Urls = new InstanceUrlsEntity { Streaming = urls.StreamingApi },
                Accounts = new InstanceAccountsConfigurationEntity(),
                Statuses = Statuses(facts),
                MediaAttachments = Media(facts),
                Polls = new InstancePollsConfigurationEntity(),
                Translation = new InstanceTranslationConfigurationEntity(),
            },
            Registrations = new InstanceRegistrationsEntity { Enabled = facts.RegistrationsOpen },
            Contact = new InstanceContactEntity { Email = facts.ContactEmail },
        };
    }

    /// <summary>For <c>/nodeinfo/2.0</c>.</summary>
    public static NodeInfoEntity ToNodeInfo(InstanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new NodeInfoEntity
        {
            Software = new NodeInfoSoftwareEntity { Name = "chirp", Version = facts.SoftwareVersion },
            OpenRegistrations = facts.RegistrationsOpen,
            Usage = new NodeInfoUsageEntity
            {
                Users = new NodeInfoUsersEntity
                {
                    Total = facts.UserCount,
                    ActiveMonth = facts.ActiveUsersMonth,
                    ActiveHalfyear = facts.ActiveUsersHalfYear,
                },
                LocalPosts = facts.StatusCount,
            },
            Metadata = new NodeInfoMetadataEntity
            {
                NodeName = facts.Title,
                Upstream = new NodeInfoUpstreamEntity { Version = MastodonVersion },
            },
        };
    }

    /// <summary>For <c>/.well-known/nodeinfo</c>: where the NodeInfo document is.</summary>
    public static NodeInfoDiscoveryEntity ToNodeInfoDiscovery(MastodonUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new NodeInfoDiscoveryEntity
        {
            Links = [new NodeInfoLinkEntity { Rel = NodeInfoSchema, Href = $"{urls.BaseUrl}/nodeinfo/2.0" }],
        };
    }

    private static InstanceStatusesConfigurationEntity Statuses(InstanceFacts facts) => new()
    {
        MaxCharacters = facts.MaxCharacters,
        MaxMediaAttachments = facts.MaxMediaAttachments,
        CharactersReservedPerUrl = CharactersReservedPerUrl,
    };

    private static InstanceMediaConfigurationEntity Media(InstanceFacts facts) => new()
    {
        SupportedMimeTypes = facts.SupportedMimeTypes,
        ImageSizeLimit = facts.ImageSizeLimit,
        ImageMatrixLimit = facts.ImageMatrixLimit,
        VideoSizeLimit = facts.VideoSizeLimit,
        VideoFrameRateLimit = facts.VideoFrameRateLimit,
        VideoMatrixLimit = facts.VideoMatrixLimit,
    };
}
