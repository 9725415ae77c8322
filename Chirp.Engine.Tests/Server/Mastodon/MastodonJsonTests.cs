using System.Text.Json;
using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

public sealed class MastodonJsonTests
{
    private sealed record Probe(DateTimeOffset At, DateTimeOffset? Maybe, DateOnly? Day, MediaType Kind, string? Nothing, long LongName);

    [Fact]
    public void Times_have_three_fraction_digits_and_an_uppercase_z() =>
        Assert.Contains("\"at\":\"2019-12-05T11:34:47.196Z\"", JsonAssert.Serialize(NewProbe(Samples.Created)), StringComparison.Ordinal);

    [Fact]
    public void Times_are_written_in_utc_whatever_their_offset()
    {
        var local = new DateTimeOffset(2019, 12, 5, 12, 34, 47, 196, TimeSpan.FromHours(1));

        Assert.Contains("\"at\":\"2019-12-05T11:34:47.196Z\"", JsonAssert.Serialize(NewProbe(local)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sub_millisecond_digits_are_cut_and_whole_seconds_keep_three_zeros()
    {
        Assert.Equal("2019-12-05T11:34:47.999Z", MastodonTimeConverter.ToText(new DateTimeOffset(2019, 12, 5, 11, 34, 47, TimeSpan.Zero).AddTicks(9_999_999)));
        Assert.Equal("2019-12-05T11:34:47.000Z", MastodonTimeConverter.ToText(new DateTimeOffset(2019, 12, 5, 11, 34, 47, TimeSpan.Zero)));
    }

    [Fact]
    public void Nulls_are_written_and_snake_case_keys_are_used()
    {
        string json = JsonAssert.Serialize(NewProbe(Samples.Created));

        Assert.Contains("\"maybe\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"day\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"nothing\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"long_name\":7", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_are_written_as_year_month_day() =>
        Assert.Contains("\"day\":\"2020-01-03\"", JsonAssert.Serialize(NewProbe(Samples.Created) with { Day = new DateOnly(2020, 1, 3) }), StringComparison.Ordinal);

    [Fact]
    public void Enums_are_snake_case_strings() =>
        Assert.Contains("\"kind\":\"gifv\"", JsonAssert.Serialize(NewProbe(Samples.Created)), StringComparison.Ordinal);

    [Fact]
    public void Times_read_back_from_any_iso_8601_form()
    {
        var read = JsonSerializer.Deserialize<Probe>(
            """{"at":"2019-12-05T12:34:47.196+01:00","maybe":"2019-12-05T11:34:47Z","day":"2020-01-03","kind":"image","nothing":null,"long_name":"7"}""",
            MastodonJson.Options)!;

        Assert.Equal(Samples.Created, read.At);
        Assert.Equal(Samples.Created.AddMilliseconds(-196), read.Maybe);
        Assert.Equal(7, read.LongName);
    }

    [Fact]
    public void Html_significant_characters_are_escaped_but_other_text_stays_readable()
    {
        string json = JsonAssert.Serialize(new { Content = "<p>café & 日本</p>" });

        Assert.Contains("café", json, StringComparison.Ordinal);
        Assert.Contains("日本", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", json, StringComparison.Ordinal);
        Assert.Equal("<p>café & 日本</p>", JsonDocument.Parse(json).RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public void Configure_applies_the_conventions_to_other_options_once()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        MastodonJson.Configure(options);
        MastodonJson.Configure(options);

        Assert.Equal(2, options.Converters.Count);
        Assert.Equal(JsonSerializer.Serialize(NewProbe(Samples.Created), MastodonJson.Options), JsonSerializer.Serialize(NewProbe(Samples.Created), options));
    }

    [Theory]
    [InlineData("123", true, 123L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-1", false, 0L)]
    [InlineData(" 1", false, 0L)]
    [InlineData("1e3", false, 0L)]
    [InlineData("", false, 0L)]
    [InlineData(null, false, 0L)]
    public void Ids_parse_from_decimal_digits_only(string? text, bool parses, long expected)
    {
        Assert.Equal(parses, MastodonId.TryParse(text, out long id));
        Assert.Equal(expected, id);
    }

    private static Probe NewProbe(DateTimeOffset at) => new(at, null, null, MediaType.Gifv, null, 7);
}
