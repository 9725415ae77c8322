using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

/// <summary>Error bodies leave absent optional parts out, unlike every other entity.</summary>
public sealed class ErrorEntityTests
{
    [Fact]
    public void A_plain_error_is_only_the_message() =>
        Assert.Equal("""{"error":"Record not found"}""", JsonAssert.Serialize(ErrorEntity.NotFound()));

    [Fact]
    public void Rate_limiting_has_mastodons_message() =>
        Assert.Equal("""{"error":"Too many requests"}""", JsonAssert.Serialize(ErrorEntity.TooManyRequests()));

    [Fact]
    public void An_oauth_error_adds_its_description() =>
        Assert.Equal(
            """{"error":"invalid_grant","error_description":"The code has expired."}""",
            JsonAssert.Serialize(ErrorEntity.OAuth("invalid_grant", "The code has expired.")));

    [Fact]
    public void A_validation_error_names_the_field_as_given_with_a_code_and_a_description()
    {
        var json = JsonAssert.Parse(ErrorEntity.Validation("status", ValidationErrorCode.Blank, "Text can't be blank"));

        JsonAssert.HasExactlyKeys(json, "error", "details");
        Assert.Equal("Validation failed: Text can't be blank", json.GetProperty("error").GetString());
        var problem = json.GetProperty("details").GetProperty("status")[0];
        Assert.Equal("ERR_BLANK", problem.GetProperty("error").GetString());
        Assert.Equal("Text can't be blank", problem.GetProperty("description").GetString());
    }

    [Fact]
    public void Detail_keys_are_not_renamed()
    {
        string raw = JsonAssert.Serialize(ErrorEntity.Validation("displayName", ValidationErrorCode.TooLong, "too long"));

        Assert.Contains("\"displayName\":[", raw, StringComparison.Ordinal);
    }
}
