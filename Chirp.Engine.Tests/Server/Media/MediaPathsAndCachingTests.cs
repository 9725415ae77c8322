using System.Security.Cryptography;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

public sealed class MediaPathsAndCachingTests
{
    private static readonly string Hash = Convert.ToHexStringLower(SHA256.HashData("x"u8));

    private static MediaRecord Record(string mimeType) =>
        new(1, 2, Hash, mimeType, 10, 1, 1, null, DateTimeOffset.UnixEpoch, null);

    [Theory]
    [InlineData("image/png", "png")]
    [InlineData("image/jpeg", "jpg")]
    [InlineData("image/gif", "gif")]
    [InlineData("image/webp", "webp")]
    public void The_url_path_is_the_hash_with_the_extension_of_the_type(string mimeType, string extension)
    {
        Assert.Equal($"/media/{Hash}.{extension}", MediaPaths.UrlPathOf(Record(mimeType)));
    }

    [Fact]
    public void The_etag_is_the_quoted_hash_and_strong()
    {
        Assert.Equal($"\"{Hash}\"", MediaCaching.ETagOf(Record("image/png")));
        var header = MediaCaching.EntityTagOf(Hash);
        Assert.False(header.IsWeak);
        Assert.Equal($"\"{Hash}\"", header.Tag.ToString());
        Assert.Equal("public, max-age=31536000, immutable", MediaCaching.CacheControl);
    }

    [Fact]
    public void A_file_name_parses_back_to_its_hash_and_extension()
    {
        Assert.True(MediaPaths.TryParseFileName(Hash + ".png", out string hash, out string extension));
        Assert.Equal((Hash, "png"), (hash, extension));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("abc.png")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789.png")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg.png")]
    public void Anything_else_does_not_parse(string? fileName)
    {
        Assert.False(MediaPaths.TryParseFileName(fileName, out _, out _));
    }

    [Fact]
    public void Options_default_to_10_MiB_and_24_hours_and_are_validated()
    {
        var defaults = new MediaOptions();
        defaults.Validate();

        Assert.Equal(10 * 1024 * 1024, defaults.MaxBytes);
        Assert.Equal(TimeSpan.FromHours(24), defaults.UnattachedExpiry);
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new MediaOptions { MaxBytes = 0 }.Validate());
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new MediaOptions { UnattachedExpiry = TimeSpan.Zero }.Validate());
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => MediaStore.Open(Path.Combine(Path.GetTempPath(), "never-created"), new MediaOptions { MaxBytes = -1 }));
    }
}
