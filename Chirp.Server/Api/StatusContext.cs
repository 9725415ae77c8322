using System.Buffers;
using System.Text.Json;
using Chirp.Engine;
using Chirp.Server.Auth;
using Chirp.Server.Mastodon;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Api;

/// <summary>
/// <c>GET /api/v1/statuses/:id/context</c>, bounded as Mastodon bounds it: an anonymous caller gets at most the 40
/// nearest ancestors and 60 descendants down to 20 levels; a signed-in caller up to
/// <see cref="ContextOptions.SignedInLimit"/> of each at any depth (the engine walks at most
/// <see cref="ChirpEngine.MaxAncestors"/> up). Whoever asks, the statuses stop at <see cref="ContextOptions.MaxBytes"/>
/// of JSON, keeping the nearest ancestors and the earliest descendants. Replies are read as they are listed, never all
/// of a status's replies at once.
/// </summary>
public static class StatusContext
{
    public const int AnonymousAncestors = 40;
    public const int AnonymousDescendants = 60;
    public const int AnonymousDepth = 20;

    /// <summary>The bytes of <c>{"ancestors":[],"descendants":[]}</c>, which every response has.</summary>
    private const int EnvelopeBytes = 34;

    public static IResult Read(HttpContext context, EngineHost host, long statusId)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ContextOptions>>().Value;
        var engine = host.Engine;
        long? reader = context.User.UserId();
        var item = StatusLoader.Require(engine, statusId, reader);
        bool anonymous = reader is null;
        var mapper = Mappers.For(context, host);
        int budget = options.MaxBytes - EnvelopeBytes;

        bool Take(Tweet tweet, List<byte[]> into)
        {
            if (StatusLoader.Load(engine, tweet.Id, reader) is not { } loaded)
            {
                return true;
            }

            byte[] json = JsonSerializer.SerializeToUtf8Bytes(mapper.ToStatus(loaded), MastodonJson.Options);
            // Each status after the first of its list also costs a comma; one byte each is a safe upper bound.
            if (json.Length + 1 > budget)
            {
                budget = 0;
                return false;
            }

            budget -= json.Length + 1;
            into.Add(json);
            return true;
        }

        var ancestors = new List<byte[]>();
        int ancestorLimit = anonymous ? AnonymousAncestors : Math.Min(options.SignedInLimit, ChirpEngine.MaxAncestors);
        var chain = engine.GetAncestors(item.Tweet.Id, ancestorLimit);
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            if (!Take(chain[i], ancestors))
            {
                break;
            }
        }

        ancestors.Reverse();
        var descendants = new List<byte[]>();
        int descendantLimit = anonymous ? AnonymousDescendants : options.SignedInLimit;
        if (budget > 0)
        {
            foreach (var reply in ReplyTree.Descendants(engine, item.Tweet.Id, anonymous ? AnonymousDepth : null))
            {
                if (!Take(reply, descendants) || descendants.Count == descendantLimit)
                {
                    break;
                }
            }
        }

        return Results.Bytes(Write(ancestors, descendants), "application/json; charset=utf-8");
    }

    private static byte[] Write(List<byte[]> ancestors, List<byte[]> descendants)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteList(writer, "ancestors", ancestors);
            WriteList(writer, "descendants", descendants);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, List<byte[]> statuses)
    {
        writer.WriteStartArray(name);
        foreach (byte[] status in statuses)
        {
            writer.WriteRawValue(status, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }
}
