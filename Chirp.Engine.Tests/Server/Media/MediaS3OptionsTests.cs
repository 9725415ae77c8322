using System.ComponentModel.DataAnnotations;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>The "Chirp:Media:S3" settings: none means the local directory; some but not all is refused, naming what is missing.</summary>
public sealed class MediaS3OptionsTests
{
    private static MediaS3Options Complete() => new()
    {
        ServiceUrl = "http://127.0.0.1:9000",
        Bucket = "chirp-media",
        AccessKey = "key",
        SecretKey = "secret",
    };

    [Fact]
    public void No_setting_keeps_the_local_directory_and_a_complete_one_validates()
    {
        var local = new MediaOptions();
        local.Validate();
        Assert.False(local.S3.IsConfigured);

        var shared = new MediaOptions { S3 = Complete() };
        shared.Validate();
        Assert.True(shared.S3.IsConfigured);
    }

    [Fact]
    public void A_secret_without_the_rest_is_refused_naming_each_missing_setting()
    {
        var options = new MediaOptions { S3 = new MediaS3Options { SecretKey = "secret" } };

        var error = Assert.Throws<ValidationException>(options.Validate);

        Assert.Contains("Chirp:Media:S3:ServiceUrl is missing", error.Message, StringComparison.Ordinal);
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(["ServiceUrl", "Bucket", "AccessKey"], results.SelectMany(r => r.MemberNames));
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("not a url")]
    [InlineData("/relative")]
    public void A_service_url_that_is_not_absolute_http_is_refused(string url)
    {
        var s3 = Complete();
        s3.ServiceUrl = url;

        var error = Assert.Throws<ValidationException>(new MediaOptions { S3 = s3 }.Validate);

        Assert.Contains("must be an absolute http(s) address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("ab")]
    [InlineData("under_score")]
    public void A_bucket_name_S3_would_refuse_is_refused_at_start(string bucket)
    {
        var s3 = Complete();
        s3.Bucket = bucket;

        Assert.Throws<ValidationException>(new MediaOptions { S3 = s3 }.Validate);
    }

    [Fact]
    public void The_record_cache_bounds_are_checked()
    {
        var s3 = Complete();
        s3.RecordCacheEntries = 10;

        Assert.Throws<ValidationException>(new MediaOptions { S3 = s3 }.Validate);
        s3.RecordCacheEntries = 100;
        s3.RecordCacheLifetime = TimeSpan.FromHours(2);
        Assert.Throws<ValidationException>(new MediaOptions { S3 = s3 }.Validate);
    }
}
