using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

public sealed class InstanceMapperTests
{
    private static readonly InstanceFacts Facts = new() { UserCount = 3, StatusCount = 9, ActiveUsersMonth = 2, ActiveUsersHalfYear = 3 };

    [Fact]
    public void V1_names_the_domain_a_plain_version_and_the_status_limits()
    {
        var json = JsonAssert.Parse(InstanceMapper.ToInstanceV1(Samples.Urls, Facts));

        JsonAssert.HasExactlyKeys(json,
            "uri", "title", "short_description", "description", "email", "version", "urls", "stats", "thumbnail",
            "languages", "registrations", "approval_required", "invites_enabled", "configuration", "contact_account", "rules");
        Assert.Equal("127.0.0.1:5000", json.GetProperty("uri").GetString());
        Assert.Equal("4.2.0", json.GetProperty("version").GetString());
        Assert.Equal("ws://127.0.0.1:5000", json.GetProperty("urls").GetProperty("streaming_api").GetString());
        Assert.Equal(3, json.GetProperty("stats").GetProperty("user_count").GetInt64());
        var statuses = json.GetProperty("configuration").GetProperty("statuses");
        Assert.Equal(280, statuses.GetProperty("max_characters").GetInt32());
        Assert.Equal(4, statuses.GetProperty("max_media_attachments").GetInt32());
        Assert.Contains("image/png", json.GetProperty("configuration").GetProperty("media_attachments").GetProperty("supported_mime_types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void V2_has_the_configuration_clients_read()
    {
        var json = JsonAssert.Parse(InstanceMapper.ToInstance(new MastodonUrls("https://chirp.example/"), Facts));

        JsonAssert.HasExactlyKeys(json,
            "domain", "title", "version", "source_url", "description", "usage", "thumbnail", "languages",
            "configuration", "registrations", "contact", "rules");
        Assert.Equal("chirp.example", json.GetProperty("domain").GetString());
        Assert.Equal("4.2.0", json.GetProperty("version").GetString());
        var configuration = json.GetProperty("configuration");
        JsonAssert.HasExactlyKeys(configuration, "urls", "accounts", "statuses", "media_attachments", "polls", "translation");
        Assert.Equal("wss://chirp.example", configuration.GetProperty("urls").GetProperty("streaming").GetString());
        Assert.Equal(280, configuration.GetProperty("statuses").GetProperty("max_characters").GetInt32());
        Assert.Equal(2, json.GetProperty("usage").GetProperty("users").GetProperty("active_month").GetInt64());
        Assert.True(json.GetProperty("registrations").GetProperty("enabled").GetBoolean());
        Assert.Equal("https://chirp.example/headers/original/missing.png", json.GetProperty("thumbnail").GetProperty("url").GetString());
    }

    [Fact]
    public void Nodeinfo_uses_its_own_camel_case_keys_and_names_mastodon_as_upstream()
    {
        var json = JsonAssert.Parse(InstanceMapper.ToNodeInfo(Facts));

        JsonAssert.HasExactlyKeys(json, "version", "software", "protocols", "services", "openRegistrations", "usage", "metadata");
        Assert.Equal("2.0", json.GetProperty("version").GetString());
        Assert.Equal("chirp", json.GetProperty("software").GetProperty("name").GetString());
        JsonAssert.HasExactlyKeys(json.GetProperty("usage"), "users", "localPosts");
        JsonAssert.HasExactlyKeys(json.GetProperty("usage").GetProperty("users"), "total", "activeMonth", "activeHalfyear");
        Assert.Equal("mastodon", json.GetProperty("metadata").GetProperty("upstream").GetProperty("name").GetString());
        Assert.Equal("Chirp", json.GetProperty("metadata").GetProperty("nodeName").GetString());
    }

    [Fact]
    public void Nodeinfo_discovery_links_the_document()
    {
        var json = JsonAssert.Parse(InstanceMapper.ToNodeInfoDiscovery(Samples.Urls));

        var link = json.GetProperty("links")[0];
        Assert.Equal("http://nodeinfo.diaspora.software/ns/schema/2.0", link.GetProperty("rel").GetString());
        Assert.Equal("http://127.0.0.1:5000/nodeinfo/2.0", link.GetProperty("href").GetString());
    }
}
